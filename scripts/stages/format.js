// @ts-check

/**
 * Prettier's defaults, but for the width (generated types carry long JSDoc lines) and the parser:
 * babel-ts prints type declarations as the typescript parser does (a test holds it to that) in
 * half the time.
 */
export const PRETTIER_OPTIONS = { printWidth: 100, parser: "babel-ts" };

/** Below this size a file is formatted in one piece: splitting would cost more than it saves. */
const CHUNK_MIN_CHARS = 24_000;

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
 * Cuts a generated TypeScript file into about `parts` runs of whole top-level declarations, so
 * that prettier (the slowest stage on large specs) can format them on several threads. Joined with
 * `joinChunks`, the formatted pieces are byte-identical to formatting the whole file (tested).
 * @param {string} source
 * @param {number} parts
 * @returns {{ chunks: string[], blankBefore: boolean[] }}
 */
export function splitTopLevel(source, parts) {
  if (parts < 2 || source.length < CHUNK_MIN_CHARS) return { chunks: [source], blankBefore: [false] };
  const lines = source.split("\n");
  const target = source.length / parts;
  const chunks = [];
  const blankBefore = [false];
  let start = 0;
  let size = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = /** @type {string} */ (lines[i]);
    if (i > start && size >= target && line.startsWith("export ") && chunks.length < parts - 1) {
      // Keep a top-level doc comment with the declaration it documents.
      let cut = i;
      while (cut > start + 1 && /^(\/\*\*| \*)/.test(/** @type {string} */ (lines[cut - 1]))) cut--;
      chunks.push(lines.slice(start, cut).join("\n") + "\n");
      blankBefore.push(cut > 0 && lines[cut - 1]?.trim() === "");
      start = cut;
      size = 0;
    }
    size += line.length + 1;
  }
  chunks.push(lines.slice(start).join("\n"));
  return { chunks, blankBefore };
}

/**
 * @param {string[]} formatted
 * @param {boolean[]} blankBefore
 */
export function joinChunks(formatted, blankBefore) {
  return formatted.map((chunk, i) => (blankBefore[i] ? `\n${chunk}` : chunk)).join("");
}

/**
 * Formats generated files in this thread (the pool in lib/pool.js does the same across threads).
 * @param {Record<string, string>} files path -> source; only .ts files are formatted
 * @returns {Promise<Record<string, string>>}
 */
export default async function formatStage(files) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const [file, source] of Object.entries(files)) out[file] = file.endsWith(".ts") ? await formatSource(source) : source;
  return out;
}
