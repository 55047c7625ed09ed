// @ts-check
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { GenerateError } from "./errors.js";

const POLL_MS = 100;
const WAIT_MS = 120_000;

/**
 * Takes generated/.generate.lock so that two runs never commit at once. A lock left by a process
 * that no longer exists (killed with -9) is taken over.
 * @param {string} lockPath
 * @returns {Promise<() => void>} release
 */
export async function acquireLock(lockPath) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        rmSync(lockPath, { force: true });
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== "EEXIST") throw error;
    }
    const holder = Number.parseInt(safeRead(lockPath), 10);
    if (!Number.isInteger(holder) || !isAlive(holder)) {
      rmSync(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new GenerateError(`another npm run generate (pid ${holder}) still holds the lock after ${WAIT_MS / 1000} s`, { file: lockPath });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** @param {string} file */
function safeRead(file) {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === "EPERM";
  }
}
