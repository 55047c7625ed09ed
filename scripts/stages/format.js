// @ts-check

/**
 * Prettier's defaults, but for the width (generated types carry long JSDoc lines), the parser
 * (babel-ts prints type declarations as the typescript parser does, a test holds it to that, in
 * half the time) and quoteProps: whether prettier unquotes a key depends on its siblings, which
 * would make formatting a file in pieces differ from formatting it whole.
 */
/** @type {import("prettier").Options} */
export const PRETTIER_OPTIONS = { printWidth: 100, parser: "babel-ts", quoteProps: "preserve" };

/**
 * Below this size a file is formatted in one piece, and no piece is made much smaller: each costs
 * a parse of its own and a trip to a worker (measured: cutting SolvaPay's 85 kB types into 20
 * pieces made a 2-API run 0.4 s slower).
 */
export const PIECE_MIN_CHARS = 200_000;

/**
 * Formats one TypeScript source (or a chunk of one) with prettier's API. Prettier is loaded only
 * when there is something to format, keeping no-op runs light.
 * @param {string} source
 */
export async function formatSource(source) {
  const prettier = await import("prettier");
  return prettier.format(source, PRETTIER_OPTIONS);
}

/**
 * @typedef {{ kind: "format" | "members" | "verbatim", text: string, depth?: number }} Piece
 * "format": whole top-level declarations; "members": a run of members of a type `depth` levels
 * deep, formatted inside stand-in types of that depth; "verbatim": the lines that open and close a
 * type that was cut (and comments before it), re-indented as prettier would.
 */

/**
 * Cuts generated TypeScript into pieces of about 1/`parts` of it that prettier (the slowest stage
 * on large specs) can format on several threads. Cuts fall between top-level declarations and,
 * inside a type too large for one piece (GitHub's `components.schemas` is 3 MB), between its
 * members, at any depth. Joined in order, the formatted pieces are byte-identical to formatting
 * the whole file (tested). Relies on the TypeScript printer's output: declarations start in column
 * 0, members are indented by 4 per level, and there are no blank lines after the stamp.
 * @param {string} source
 * @param {number} parts
 * @param {number} [minChars] below this size the file stays in one piece
 * @returns {Piece[]}
 */
export function splitForFormatting(source, parts, minChars = PIECE_MIN_CHARS) {
  if (parts < 2 || source.length < minChars || source.includes("\n\n", source.indexOf("*/") + 4)) return [{ kind: "format", text: source }];
  const target = Math.max(source.length / parts, Math.min(minChars, source.length) / 2);
  /** @type {Piece[]} */
  const pieces = [];
  let group = /** @type {string[]} */ ([]);
  let groupSize = 0;
  const flush = () => {
    if (group.length > 0) pieces.push({ kind: "format", text: group.join("") });
    group = [];
    groupSize = 0;
  };
  for (const statement of topLevelStatements(source.split("\n"))) {
    const size = sizeOf(statement);
    const opening = statement.findIndex((l) => /^export interface [\w$]+ \{$/.test(l));
    if (size > target && opening >= 0 && statement[statement.length - 1] === "}") {
      flush();
      // The comment before the interface (the stamp, a doc comment) is kept as is, with its blank line.
      pieces.push({ kind: "verbatim", text: lines(statement.slice(0, opening + 1)) });
      splitMembers(statement.slice(opening + 1, -1), 1, target, pieces);
      pieces.push({ kind: "verbatim", text: "}\n" });
      continue;
    }
    group.push(lines(statement));
    groupSize += size;
    if (groupSize >= target) flush();
  }
  flush();
  // The file's last line has no newline after it; neither may the last piece.
  const last = /** @type {Piece} */ (pieces[pieces.length - 1]);
  if (!source.endsWith("\n")) last.text = last.text.replace(/\n$/, "");
  return pieces;
}

/**
 * Cuts the members of a type `depth` levels deep into runs of about `target` characters, going
 * into a member whose own type literal is larger than that.
 * @param {string[]} body
 * @param {number} depth
 * @param {number} target
 * @param {Piece[]} pieces
 */
function splitMembers(body, depth, target, pieces) {
  const indent = " ".repeat(4 * depth);
  let run = /** @type {string[]} */ ([]);
  let runSize = 0;
  const flush = () => {
    if (run.length > 0) pieces.push({ kind: "members", depth, text: run.join("") });
    run = [];
    runSize = 0;
  };
  for (const member of membersOf(body, depth)) {
    const size = sizeOf(member);
    const opening = member.findIndex((l) => !isDocLine(l, depth));
    const openLine = member[opening] ?? "";
    if (size > target && opening >= 0 && openLine.startsWith(indent) && /^ *[^ ].*: \{$/.test(openLine) && member[member.length - 1] === `${indent}};`) {
      flush();
      pieces.push({ kind: "verbatim", text: reindent(member.slice(0, opening + 1)) });
      splitMembers(member.slice(opening + 1, -1), depth + 1, target, pieces);
      pieces.push({ kind: "verbatim", text: reindent([`${indent}};`]) });
      continue;
    }
    run.push(lines(member));
    runSize += size;
    if (runSize >= target) flush();
  }
  flush();
}

/**
 * Groups a type's body into members: a member starts at its own indentation with anything but a
 * closing bracket or a doc-comment continuation, unless its doc comment opened just above.
 * @param {string[]} body
 * @param {number} depth
 */
function membersOf(body, depth) {
  const start = new RegExp(`^ {${4 * depth}}[^ *})\\]]`);
  /** @type {string[][]} */
  const members = [];
  let current = /** @type {string[]} */ ([]);
  for (const [i, line] of body.entries()) {
    if (start.test(line) && current.length > 0 && !isDocLine(body[i - 1] ?? "", depth)) {
      members.push(current);
      current = [];
    }
    current.push(line);
  }
  if (current.length > 0) members.push(current);
  return members;
}

/** @param {string} line @param {number} depth */
function isDocLine(line, depth) {
  const indent = " ".repeat(4 * depth);
  return line.startsWith(`${indent}/**`) || line.startsWith(`${indent} *`);
}

/** The printer indents by 4 per level, prettier by 2: halve the leading run of 4-space steps. */
function reindent(/** @type {string[]} */ source) {
  return lines(source.map((l) => l.replace(/^(?: {4})+/, (m) => " ".repeat(m.length / 2))));
}

/** @param {string[]} source */
function lines(source) {
  return source.map((l) => `${l}\n`).join("");
}

/** @param {string[]} source */
function sizeOf(source) {
  return source.reduce((n, l) => n + l.length + 1, 0);
}

/**
 * Groups lines into top-level statements: a statement starts at a column-0 line that is not a
 * closing brace and does not continue a doc comment that began in column 0.
 * @param {string[]} lines
 */
function topLevelStatements(lines) {
  /** @type {string[][]} */
  const statements = [];
  let current = /** @type {string[]} */ ([]);
  let inComment = false;
  for (const [i, line] of lines.entries()) {
    if (i === lines.length - 1 && line === "") break;
    const startsStatement = !inComment && /^[^\s}]/.test(line) && !/^[)\]]/.test(line) && current.length > 0 && !isOpenComment(current);
    if (startsStatement) {
      statements.push(current);
      current = [];
    }
    current.push(line);
    if (/^\/\*\*/.test(line)) inComment = !line.includes("*/");
    else if (inComment && line.includes("*/")) inComment = false;
  }
  if (current.length > 0) statements.push(current);
  return statements;
}

/** A statement that so far holds only a doc comment (and blank lines) still waits for its declaration. */
function isOpenComment(/** @type {string[]} */ lines) {
  return lines.every((l) => l === "" || /^(\/\*\*| \*)/.test(l));
}

/**
 * Formats one piece with prettier (see `splitForFormatting`).
 * @param {Piece} piece
 */
export async function formatPiece(piece) {
  if (piece.kind === "verbatim") return piece.text;
  if (piece.kind === "format") return formatSource(piece.text);
  // Stand-in types of the same depth, so the members are indented as in the whole file.
  const depth = piece.depth ?? 1;
  const open = ["interface Piece {", ...Array.from({ length: depth - 1 }, (_, i) => `${"    ".repeat(i + 1)}piece: {`)];
  const close = [...Array.from({ length: depth - 1 }, (_, i) => `${"    ".repeat(depth - 1 - i)}};`), "}"];
  const formatted = (await formatSource(`${lines(open)}${piece.text}${lines(close)}`)).split("\n");
  return lines(formatted.slice(depth, formatted.length - 1 - depth));
}

/**
 * The format stage: cuts `source` into about `parts` pieces, formats each with `formatPiece`
 * (the pipeline passes one that runs on its worker pool), and joins them.
 * @param {string} source
 * @param {{ parts?: number, formatPiece?: (piece: Piece) => Promise<string> }} [options]
 */
export default async function formatStage(source, { parts = 1, formatPiece: format = formatPiece } = {}) {
  return (await Promise.all(splitForFormatting(source, parts).map(format))).join("");
}
