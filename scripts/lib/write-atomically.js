// @ts-check
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, fsyncSync, openSync, closeSync } from "node:fs";
import path from "node:path";

/** Written once every new file is staged: from then on the commit is decided and only replayed. */
export const JOURNAL = ".pending-commit.json";
const STAGING_PREFIX = ".staging-";

/** Files in generated/ that belong to a run in progress, not to its output. */
export function isTransient(/** @type {string} */ name) {
  return name === JOURNAL || name === ".generate.lock" || name.startsWith(STAGING_PREFIX);
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
  /** @type {{ staging: string, files: string[], removals: string[] }} */
  const journal = JSON.parse(readFileSync(journalPath, "utf8"));
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
 * @param {string} file
 * @param {string} content
 */
function writeDurably(file, content) {
  writeFileSync(file, content);
  const fd = openSync(file, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
