// @ts-check

/**
 * A problem with the maintainer's input (spec, overlay, config, flag). It carries the file and,
 * where there is one, the line and column, so the message reads like a compiler's.
 */
export class GenerateError extends Error {
  /**
   * @param {string} message
   * @param {{ file?: string, line?: number, col?: number, details?: string[], exitCode?: number }} [where]
   */
  constructor(message, where = {}) {
    const at = where.file ? `${where.file}${where.line ? `:${where.line}:${where.col ?? 1}` : ""}: ` : "";
    super(`${at}${message}`);
    this.name = "GenerateError";
    this.file = where.file;
    this.line = where.line;
    this.col = where.col;
    this.details = where.details ?? [];
    this.exitCode = where.exitCode ?? 1;
  }
}
