// @ts-check
import { createRequire } from "node:module";
import { sha256 } from "../store/hash.js";

/**
 * A hash of what a TypeScript file means to code that imports it: its tokens, without whitespace and
 * comments (the stamp, JSDoc from descriptions), so that a description edit does not re-check src/ and test/.
 * Comments that tsc reads (`/// <reference>`, `@ts-` directives) stay in.
 * Runs on a pool worker, where openapi-typescript has loaded the 5.x compiler already.
 * @param {string} text
 */
export function typeShape(text) {
  /** @type {typeof import("typescript")} */
  const ts = createRequire(import.meta.url)("typescript");
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const tokens = [];
  // Open `{` and `${` in order: a `}` closing a `${` continues its template literal.
  /** @type {boolean[]} */
  const braces = [];
  // A line break before `[` ends a type (`string\n[]` is `string`, then a statement): the one place
  // in a types file where layout changes meaning, so it counts there.
  let lineBreak = false;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.NewLineTrivia) lineBreak = true;
    if (kind === ts.SyntaxKind.WhitespaceTrivia || kind === ts.SyntaxKind.NewLineTrivia) continue;
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      const comment = scanner.getTokenText();
      if (comment.includes("\n")) lineBreak = true;
      if (comment.startsWith("///") || comment.includes("@ts-")) tokens.push(comment);
      continue;
    }
    if (kind === ts.SyntaxKind.OpenBracketToken && lineBreak) tokens.push("\n");
    lineBreak = false;
    if (kind === ts.SyntaxKind.OpenBraceToken) braces.push(false);
    else if (kind === ts.SyntaxKind.TemplateHead) braces.push(true);
    else if (kind === ts.SyntaxKind.CloseBraceToken && braces.pop()) {
      kind = scanner.reScanTemplateToken(false);
      if (kind === ts.SyntaxKind.TemplateMiddle) braces.push(true);
    }
    tokens.push(scanner.getTokenText());
  }
  return sha256(tokens.join("\0"));
}
