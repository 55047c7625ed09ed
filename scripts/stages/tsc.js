// @ts-check
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { GenerateError } from "../report/errors.js";

// TypeScript 7's native compiler (npm alias typescript-7). The 5.x in `typescript` stays for
// openapi-typescript's printer; checking with it in process took 7-12 s on this project, this 1.7-3 s.
export const tsc = path.join(path.dirname(createRequire(import.meta.url).resolve("typescript-7/package.json")), "bin", "tsc");

/**
 * Runs tsc with `args` in `cwd`; its report when it found errors, undefined when it found none.
 * @param {string[]} args
 * @param {string} [cwd]
 * @returns {Promise<string | undefined>}
 */
export function runTsc(args, cwd) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [tsc, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) resolve(undefined);
      else if (typeof error.code === "number") resolve(`${stdout}${stderr}`);
      else reject(new GenerateError(`cannot run the TypeScript 7 compiler (${tsc}): ${error.message}; run npm ci`));
    });
  });
}
