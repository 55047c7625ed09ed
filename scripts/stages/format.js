// @ts-check

/**
 * Prettier's defaults, but for the width (generated types carry long JSDoc lines) and the parser:
 * babel-ts prints type declarations as the typescript parser does (a test holds it to that) in
 * half the time.
 */
export const PRETTIER_OPTIONS = { printWidth: 100, parser: "babel-ts" };

/**
 * Formats generated TypeScript with prettier's API (no process per file). Prettier is loaded
 * only when there is something to format, keeping no-op runs light.
 * @param {Record<string, string>} files path -> source; only .ts files are formatted
 * @returns {Promise<Record<string, string>>}
 */
export default async function formatStage(files) {
  const prettier = await import("prettier");
  /** @type {Record<string, string>} */
  const out = {};
  for (const [file, source] of Object.entries(files)) {
    out[file] = file.endsWith(".ts") ? await prettier.format(source, PRETTIER_OPTIONS) : source;
  }
  return out;
}
