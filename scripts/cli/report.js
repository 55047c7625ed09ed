// @ts-check
import { GenerateError } from "../report/errors.js";

/**
 * Where generate's words go: results to stdout, problems to stderr, each problem with the file
 * (and line) it is about.
 * @param {{ out?: NodeJS.WritableStream, err?: NodeJS.WritableStream }} [streams]
 */
export function createReporter({ out = process.stdout, err = process.stderr } = {}) {
  return {
    /** @param {string} line */
    info(line) {
      out.write(`${line}\n`);
    },
    /** @param {string} line */
    error(line) {
      err.write(`${line}\n`);
    },
    /**
     * Prints an error and returns the exit code it calls for.
     * @param {unknown} error
     */
    fail(error) {
      if (error instanceof GenerateError) {
        if (error.exitCode === 0) {
          out.write(`${error.message}\n`);
          return 0;
        }
        err.write(`error: ${error.message}\n${error.details.map((d) => `  ${d}\n`).join("")}`);
        return error.exitCode;
      }
      // A file system refusal (EACCES, ENOTDIR, ENOSPC...) is the machine's state, not a bug: its message
      // names the path and the operation, and a stack trace would only bury it.
      if (error instanceof Error && /^E[A-Z]+$/.test(String(/** @type {NodeJS.ErrnoException} */ (error).code))) {
        err.write(`error: ${error.message}\n`);
        return 1;
      }
      err.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      return 1;
    },
  };
}
