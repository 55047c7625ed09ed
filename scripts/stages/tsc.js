// @ts-check
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { GenerateError } from "../report/errors.js";

// TypeScript 7's native compiler (npm alias typescript-7). The 5.x in `typescript` stays for
// openapi-typescript's printer; checking with it in process took 7-12 s on this project, this 1.7-3 s.
const packageJson = createRequire(import.meta.url).resolve("typescript-7/package.json");
export const tsc = path.join(path.dirname(packageJson), "bin", "tsc");

/**
 * The compiler binary itself, from the platform package typescript-7 installs beside it. Its `bin/tsc`
 * is a Node script that finds the binary and, on Node 20, runs it as a second child process: 0.11 s
 * of start-up per check, paid on every generate that compiles. Undefined where that package is not
 * found (the script then runs as before).
 */
const native = (() => {
  try {
    const platform = createRequire(packageJson).resolve(`@typescript/typescript-${process.platform}-${process.arch}/package.json`);
    const exe = path.join(path.dirname(platform), "lib", process.platform === "win32" ? "tsc.exe" : "tsc");
    return existsSync(exe) ? exe : undefined;
  } catch {
    return undefined;
  }
})();

/**
 * Runs tsc with `args` in `cwd`; its report when it found errors, undefined when it found none.
 * `signal` stops it (the promise then rejects).
 * @param {string[]} args
 * @param {string} [cwd]
 * @param {AbortSignal} [signal]
 * @returns {Promise<string | undefined>}
 */
export function runTsc(args, cwd, signal) {
  const [file, argv] = native ? [native, args] : [process.execPath, [tsc, ...args]];
  return new Promise((resolve, reject) => {
    execFile(file, argv, { cwd, signal, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) resolve(undefined);
      else if (typeof error.code === "number") resolve(`${stdout}${stderr}`);
      else reject(new GenerateError(`cannot run the TypeScript 7 compiler (${file}): ${error.message}; run npm ci`));
    });
  });
}

/**
 * The compiler options `tsconfig` resolves to (its `extends` chain followed), as `tsc --showConfig`
 * prints them; undefined when tsc cannot read it.
 * @param {string} tsconfig
 * @returns {Promise<Record<string, unknown> | undefined>}
 */
export function resolvedCompilerOptions(tsconfig) {
  const [file, argv] = native ? [native, []] : [process.execPath, [tsc]];
  return new Promise((resolve) => {
    execFile(file, [...argv, "--showConfig", "-p", tsconfig], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      try {
        resolve(error ? undefined : JSON.parse(stdout).compilerOptions);
      } catch {
        resolve(undefined);
      }
    });
  });
}
