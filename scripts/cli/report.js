// @ts-check
import { GenerateError } from "../report/errors.js";

/**
 * Where generate's words go: results to stdout, problems to stderr, each problem with the file
 * (and line) it is about.
 * @param {{ out?: NodeJS.WritableStream, err?: NodeJS.WritableStream }} [streams]
 */
export function createReporter({ out = process.stdout, err = process.stderr } = {}) {
  for (const stream of [out, err]) if (stream === process.stdout || stream === process.stderr) quietWhenClosed(stream);
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

/** @type {WeakSet<NodeJS.WritableStream>} */
const quieted = new WeakSet();

/**
 * A reader that closed the pipe (`npm run generate | head`) wants no more lines: the run goes on, writes
 * what it generated and keeps its exit code, rather than dying of an unhandled EPIPE with a stack trace.
 * @param {NodeJS.WritableStream} stream
 */
function quietWhenClosed(stream) {
  if (quieted.has(stream)) return;
  quieted.add(stream);
  stream.on("error", (/** @type {NodeJS.ErrnoException} */ error) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  });
}
