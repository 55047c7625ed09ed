// @ts-check
import { closeSync, fstatSync, linkSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { GenerateError } from "../report/errors.js";

const POLL_MS = 100;
const WAIT_MS = 120_000;
const TAKEOVER_STALE_MS = 5_000;

/** The locks this process holds: one that names our pid and is not among them was left by an earlier process with our pid. */
const held = new Set();

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
      held.add(lockPath);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        held.delete(lockPath);
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
    /** @type {string} why we wait, should we give up */
    let waiting;
    if (typeof seen !== "string") {
      // Not ours to judge (another user's lock, too many open files): a lock that cannot be read is waited for, never removed.
      waiting = `cannot read the lock (${seen.code ?? seen.message})`;
    } else {
      const holder = Number.parseInt(seen, 10);
      // Our own pid on a lock we do not hold: a container restarted after a kill gives its processes the same pids again.
      const stale = !Number.isInteger(holder) || (holder === process.pid ? !held.has(lockPath) : !isAlive(holder));
      // Another run is taking a stale lock over: wait for it rather than spin.
      if (stale && takeOver(lockPath, seen)) continue;
      waiting = stale
        ? "another run is still taking over a lock left by a process that ended"
        : `another npm run generate (pid ${holder}) still holds the lock; if none is running, a process that reused that pid holds none, and the lock can be deleted`;
    }
    if (Date.now() > deadline) throw new GenerateError(`${waiting} after ${WAIT_MS / 1000} s`, { file: lockPath });
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
 * @returns {boolean} false when another run holds the second lock: the caller waits
 */
function takeOver(lockPath, seen) {
  const takeoverPath = `${lockPath}.takeover`;
  let fd;
  try {
    fd = openSync(takeoverPath, "wx");
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== "EEXIST") throw error;
    // Held for microseconds; one older than this was left by a run killed inside takeOver. Its stat and its removal
    // are two steps, so a run stalled between them could remove a fresh one: that needs a run killed in those
    // microseconds first, and another stalled in these.
    if (Date.now() - mtimeOf(takeoverPath) > TAKEOVER_STALE_MS) rmSync(takeoverPath, { force: true });
    return false;
  }
  try {
    if (readLock(lockPath) === seen) rmSync(lockPath, { force: true });
  } finally {
    // Only our own: if a run took ours for stale and made its own, that one is not ours to remove.
    const ours = fstatSync(fd).ino;
    closeSync(fd);
    if (inodeOf(takeoverPath) === ours) rmSync(takeoverPath, { force: true });
  }
  return true;
}

/** @param {string} file */
function inodeOf(file) {
  try {
    return statSync(file).ino;
  } catch {
    return undefined;
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
 * The lock's content, null if there is no lock, or the error that kept it from being read. An empty lock
 * reads as "", which no pid matches, so it is taken over like a dead one.
 * @param {string} file
 * @returns {string | null | NodeJS.ErrnoException}
 */
function readLock(file) {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const failure = /** @type {NodeJS.ErrnoException} */ (error);
    return failure.code === "ENOENT" ? null : failure;
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
