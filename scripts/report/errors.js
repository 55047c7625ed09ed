// @ts-check

/**
 * A problem with the maintainer's input (spec, overlay, config, flag). It carries the file and,
 * where there is one, the line and column and the JSON pointer, so the message reads like a
 * compiler's and still leads to the node in a one-line JSON file.
 */
export class GenerateError extends Error {
  /**
   * @param {string} message
   * @param {{ file?: string, line?: number, col?: number, pointer?: string, details?: string[], exitCode?: number }} [where]
   */
  constructor(message, where = {}) {
    const at = where.file ? `${where.file}${where.line ? `:${where.line}:${where.col ?? 1}` : ""}${where.pointer ? ` ${where.pointer}` : ""}: ` : "";
    super(`${at}${message}`);
    this.name = "GenerateError";
    this.file = where.file;
    this.line = where.line;
    this.col = where.col;
    this.pointer = where.pointer;
    // Redocly reports a node it reaches twice (a discriminator mapping) twice: each line once.
    this.details = [...new Set(where.details ?? [])];
    this.exitCode = where.exitCode ?? 1;
  }
}
