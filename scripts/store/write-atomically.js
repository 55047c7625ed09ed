// @ts-check
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, fsyncSync, openSync, closeSync } from "node:fs";
import path from "node:path";
import { GenerateError } from "../report/errors.js";

/** Written once every new file is staged: from then on the commit is decided and only replayed. */
export const JOURNAL = ".pending-commit.json";
const STAGING_PREFIX = ".staging-";

/** Files in generated/ that belong to a run in progress, not to its output. */
export function isTransient(/** @type {string} */ name) {
  return name === JOURNAL || name === ".generate.lock" || name.startsWith(".generate.lock.") || name.startsWith(STAGING_PREFIX);
}

/**
 * Replaces files in `dir` all together or not at all: every new file is written and synced in a
 * staging folder, a journal naming them is renamed into place (the commit point), then each is
 * renamed over its target. A run killed before the journal changes nothing; one killed after it
 * leaves the journal for `recover()` to finish. No reader ever sees a truncated file.
 * @param {string} dir
 * @param {Record<string, string>} files name -> content
 * @param {string[]} removals names to delete
 */
export function writeAtomically(dir, files, removals = []) {
  mkdirSync(dir, { recursive: true });
  const staging = `${STAGING_PREFIX}${process.pid}-${Date.now().toString(36)}`;
  const stagingDir = path.join(dir, staging);
  mkdirSync(stagingDir);
  try {
    for (const [name, content] of Object.entries(files)) writeDurably(path.join(stagingDir, name), content);
    writeDurably(path.join(stagingDir, JOURNAL), JSON.stringify({ staging, files: Object.keys(files), removals }));
  } catch (error) {
    rmSync(stagingDir, { recursive: true, force: true });
    throw error;
  }
  renameSync(path.join(stagingDir, JOURNAL), path.join(dir, JOURNAL));
  replay(dir);
}

/**
 * Finishes a commit a killed run left behind and removes abandoned staging folders.
 * @param {string} dir
 * @returns {boolean} whether an interrupted commit was completed
 */
export function recover(dir) {
  const finished = existsSync(path.join(dir, JOURNAL));
  if (finished) replay(dir);
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    if (name.startsWith(STAGING_PREFIX)) rmSync(path.join(dir, name), { recursive: true, force: true });
  }
  return finished;
}

/** @param {string} dir */
function replay(dir) {
  const journalPath = path.join(dir, JOURNAL);
  const journal = readJournal(journalPath);
  const stagingDir = path.join(dir, journal.staging);
  for (const name of journal.files) {
    const staged = path.join(stagingDir, name);
    // Already moved by an earlier, interrupted replay.
    if (existsSync(staged)) renameSync(staged, path.join(dir, name));
  }
  for (const name of journal.removals) rmSync(path.join(dir, name), { force: true });
  rmSync(journalPath);
  rmSync(stagingDir, { recursive: true, force: true });
}

/**
 * The journal, checked before anything is moved: one that is not what writeAtomically wrote would
 * otherwise fail half-way through every later run.
 * @param {string} journalPath
 * @returns {{ staging: string, files: string[], removals: string[] }}
 */
function readJournal(journalPath) {
  const where = { file: `generated/${JOURNAL}` };
  const fix = "delete it (and any generated/.staging-* folder), then run npm run generate --force";
  let journal;
  try {
    journal = JSON.parse(readFileSync(journalPath, "utf8"));
  } catch (error) {
    throw new GenerateError(`unreadable commit journal (${/** @type {Error} */ (error).message}); ${fix}`, where);
  }
  const plainName = (/** @type {unknown} */ name) => typeof name === "string" && name !== "" && !/[\\/]|^\.\.?$/.test(name);
  const valid =
    journal &&
    plainName(journal.staging) &&
    String(journal.staging).startsWith(STAGING_PREFIX) &&
    Array.isArray(journal.files) &&
    journal.files.every(plainName) &&
    Array.isArray(journal.removals) &&
    journal.removals.every(plainName);
  if (!valid) throw new GenerateError(`not a commit journal generate wrote; ${fix}`, where);
  return journal;
}

/**
 * @param {string} file
 * @param {string} content
 */
export function writeDurably(file, content) {
  writeFileSync(file, content);
  const fd = openSync(file, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
