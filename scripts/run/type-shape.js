// @ts-check
import { sha256 } from "../store/hash.js";

/**
 * A hash of what a TypeScript file means to code that imports it: its text with comments left out
 * (the stamp, JSDoc from descriptions) and each run of whitespace and comments between two tokens
 * made one separator, so that a description edit does not re-check src/ and test/. Comments that
 * tsc reads (`/// <reference>`, `@ts-` directives) stay in. A line break before `[` ends a type
 * (`string\n[]` is `string`, then a statement): the one place in a types file where layout changes
 * meaning, so there the separator is a line break.
 *
 * A scan of strings, template literals and comments rather than TypeScript's scanner: the file is
 * the printer's output for a whole spec (GitHub's: 6.6 MB), and the types worker computes this
 * before it is free to format: TypeScript's scanner took 136-230 ms for GitHub's types alone and up
 * to 0.48 s in a run, this scan 54-73 ms alone. A types file holds no regular expression, the one
 * token this scan does not know.
 * @param {string} text
 */
export function typeShape(text) {
  /** @type {string[]} */
  const out = [];
  // Open `{` (false) and `${` (true) in order: a `}` closing a `${` continues its template literal.
  /** @type {boolean[]} */
  const braces = [];
  const length = text.length;
  // The separators are NUL and line breaks outside strings. So that no text can pass for one, a NUL in the text is
  // written as U+0001 U+0002, and a U+0001 as U+0001 U+0001.
  const escape = /[\0\u0001]/.test(text);
  const copy = (/** @type {string} */ slice) => out.push(escape ? slice.replace(/[\0\u0001]/g, (c) => (c === "\0" ? "\u0001\u0002" : "\u0001\u0001")) : slice);
  // A `#!` line at the very start is one token, whatever it holds; the NUL before it (no other output starts with one)
  // tells it from the same text after whitespace or a comment, which TypeScript reads as `#`, `!` and the rest.
  const shebang = text.startsWith("#!");
  if (shebang) out.push("\0");
  let i = shebang ? lineEnd(text, 0) : 0;
  // Where the text not yet copied to `out` starts.
  let from = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || (c === SLASH && (text.charCodeAt(i + 1) === SLASH || text.charCodeAt(i + 1) === STAR))) {
      // A run of whitespace and comments: dropped, but for the comments tsc reads and one separator.
      if (from < i) copy(text.slice(from, i));
      let lineBreak = false;
      while (i < length) {
        const d = text.charCodeAt(i);
        if (isSpace(d)) {
          if (d === NEWLINE || d === RETURN || d === LS || d === PS) lineBreak = true;
          i++;
          continue;
        }
        if (d !== SLASH) break;
        const next = text.charCodeAt(i + 1);
        if (next !== SLASH && next !== STAR) break;
        const end = next === SLASH ? lineEnd(text, i) : blockEnd(text, i);
        const comment = text.slice(i, end);
        if (comment.startsWith("///") || comment.includes("@ts-")) {
          // Kept as a token; a line break before it still counts before a `[` after it, as it does for tsc.
          separate(out, lineBreak, comment.charCodeAt(0));
          copy(comment);
        } else if (/[\n\r\u2028\u2029]/.test(comment)) lineBreak = true;
        i = end;
      }
      if (i < length) separate(out, lineBreak, text.charCodeAt(i));
      from = i;
    } else if (c === QUOTE || c === APOSTROPHE) {
      i = stringEnd(text, i, c);
    } else if (c === BACKTICK) {
      i = templateEnd(text, i + 1, braces);
    } else if (c === OPEN_BRACE) {
      braces.push(false);
      i++;
    } else if (c === CLOSE_BRACE && braces.pop()) {
      i = templateEnd(text, i + 1, braces);
    } else i++;
  }
  if (from < length) copy(text.slice(from));
  return sha256(out.join(""));
}

const [NEWLINE, RETURN, SLASH, STAR, QUOTE, APOSTROPHE, BACKTICK, BACKSLASH, DOLLAR, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, LS, PS] = [..."\n\r/*\"'`\\${}[\u2028\u2029"].map((s) => s.charCodeAt(0));

/** Whitespace and line terminators as TypeScript reads them. @param {number} c */
function isSpace(c) {
  return c === 32 || (c >= 9 && c <= 13) || c === 0x85 || c === 0xa0 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === LS || c === PS || c === 0x202f || c === 0x205f || c === 0x3000;
}

/**
 * The separator a run of whitespace and comments leaves between two tokens: a line break before `[`,
 * else "\0"; none at the start of the file.
 * @param {string[]} out
 * @param {boolean} lineBreak
 * @param {number} next the first character after the run
 */
function separate(out, lineBreak, next) {
  if (out.length > 0) out.push(lineBreak && next === OPEN_BRACKET ? "\n" : "\0");
}

/** The end of the `//` comment at `i` (its line break not included). @param {string} text @param {number} i */
function lineEnd(text, i) {
  let j = i;
  for (let c = text.charCodeAt(j); j < text.length && c !== NEWLINE && c !== RETURN && c !== LS && c !== PS; c = text.charCodeAt(++j));
  return j;
}

/** The end of the block comment at `i`, after its `*\/` (the file's end if it has none). @param {string} text @param {number} i */
function blockEnd(text, i) {
  const end = text.indexOf("*/", i + 2);
  return end === -1 ? text.length : end + 2;
}

/** The end of the string literal opened at `i` by `quote`, after its closing quote. @param {string} text @param {number} i @param {number} quote */
function stringEnd(text, i, quote) {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    // A backslash escapes the next character, or continues the string past a line break (\r\n included).
    if (c === BACKSLASH) j += text.charCodeAt(j + 1) === RETURN && text.charCodeAt(j + 2) === NEWLINE ? 2 : 1;
    else if (c === quote || c === NEWLINE || c === RETURN) return j + 1;
  }
  return text.length;
}

/**
 * Scans a template literal's text from `i` to its closing backtick (returns after it) or to a `${`
 * (returns after it, with the substitution's brace on `braces`).
 * @param {string} text
 * @param {number} i
 * @param {boolean[]} braces
 */
function templateEnd(text, i, braces) {
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === BACKTICK) return j + 1;
    else if (c === DOLLAR && text.charCodeAt(j + 1) === OPEN_BRACE) {
      braces.push(true);
      return j + 2;
    }
  }
  return text.length;
}
