// @ts-check
import { closeSync, linkSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { GenerateError } from "../report/errors.js";

const POLL_MS = 100;
const WAIT_MS = 120_000;
const TAKEOVER_STALE_MS = 5_000;

/**
 * Takes generated/.generate.lock so that two runs never commit at once. A lock left by a process
 * that no longer exists (killed with -9) is taken over.
 * @param {string} lockPath
 * @returns {Promise<() => void>} release
 */
export async function acquireLock(lockPath) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    if (createWithContent(lockPath, String(process.pid))) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        // Only our own: a lock another run holds is not ours to remove.
        if (readLock(lockPath) === String(process.pid)) rmSync(lockPath, { force: true });
      };
      process.on("exit", release);
      return release;
    }
    const seen = readLock(lockPath);
    // Released between our attempt and our read: try again at once. Taking over a lock seen absent
    // would remove whichever run created one meanwhile.
    if (seen === null) continue;
    const holder = Number.parseInt(seen, 10);
    if (!Number.isInteger(holder) || !isAlive(holder)) {
      takeOver(lockPath, seen);
      continue;
    }
    if (Date.now() > deadline) {
      throw new GenerateError(`another npm run generate (pid ${holder}) still holds the lock after ${WAIT_MS / 1000} s`, { file: lockPath });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Creates `file` holding `content`, or returns false if it exists. Written aside and hard-linked into
 * place, so the file never exists empty: a run reading it between an open and a write would take
 * the empty lock for a stale one and remove it.
 * @param {string} file
 * @param {string} content
 */
function createWithContent(file, content) {
  const aside = `${file}.${process.pid}`;
  writeFileSync(aside, content);
  try {
    linkSync(aside, file);
    return true;
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === "EEXIST") return false;
    throw error;
  } finally {
    rmSync(aside, { force: true });
  }
}

/**
 * Clears a lock whose holder is gone. Reading the pid and removing the file are two steps; if two runs
 * took them interleaved, the slower would delete the lock the faster had just created. So a stale lock
 * is removed only under a second lock (`.takeover`), after reading it again: while the stale file
 * exists no run can create a new one, so what is read then is what is removed. That holds only for a
 * lock that exists: one seen absent is never taken over (see acquireLock).
 * @param {string} lockPath
 * @param {string} seen the stale lock's content
 */
function takeOver(lockPath, seen) {
  const takeoverPath = `${lockPath}.takeover`;
  let fd;
  try {
    fd = openSync(takeoverPath, "wx");
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== "EEXIST") throw error;
    // Held for microseconds; one older than this was left by a run killed inside takeOver.
    if (Date.now() - mtimeOf(takeoverPath) > TAKEOVER_STALE_MS) rmSync(takeoverPath, { force: true });
    return;
  }
  try {
    if (readLock(lockPath) === seen) rmSync(lockPath, { force: true });
  } finally {
    closeSync(fd);
    rmSync(takeoverPath, { force: true });
  }
}

/** @param {string} file */
function mtimeOf(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Date.now();
  }
}

/**
 * The lock's content, or null if there is no lock. An empty or unreadable lock reads as "", which no
 * pid matches, so it is taken over like a dead one.
 * @param {string} file
 * @returns {string | null}
 */
function readLock(file) {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === "ENOENT" ? null : "";
  }
}

/** Whether a process with this pid exists (one of another user's counts). @param {number} pid */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === "EPERM";
  }
}
