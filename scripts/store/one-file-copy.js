// @ts-check
import { randomBytes } from "node:crypto";
import { accessSync, constants, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { GenerateError } from "../report/errors.js";
import { sha256 } from "./hash.js";
import { writeDurably } from "./write-atomically.js";

/** Beside Node's compile cache and the stage cache, in the node_modules that holds the packages (git-ignored with it). */
export const COPIES_DIR = fileURLToPath(new URL("../../node_modules/.cache/product-clients-copies", import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));
/**
 * An input whose mtime is this close to the build's start (or after it) may have changed while esbuild read it:
 * such a build is neither used nor kept (it may join two versions of the package). Wider than any file system's
 * timestamp granularity but FAT's.
 */
const SETTLE_MS = 2_000;
/** A temporary file older than this was left by a run that died while writing it. */
const ABANDONED_MS = 60_000;

/**
 * `PRODUCT_CLIENTS_REDOCLY_COPY`: "on" (the default) or "off" (load packages themselves). Checked where generate
 * starts, so that a misspelt value is refused there, not silently read as "on" by each worker.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {boolean} whether copies are used
 */
export function copiesWanted(env = process.env) {
  const setting = env.PRODUCT_CLIENTS_REDOCLY_COPY || "on";
  if (setting !== "on" && setting !== "off") {
    throw new GenerateError(`PRODUCT_CLIENTS_REDOCLY_COPY must be "on" or "off", not ${JSON.stringify(setting)}`, { exitCode: 2 });
  }
  return setting === "on";
}

/**
 * A copy of an installed ES module package and everything it imports, bundled by esbuild into one file, or
 * undefined where there is none to be had (esbuild missing, a build that fails, a folder that cannot be
 * written): the caller then imports the package itself. Made on first use, and again whenever one of the files
 * it was made from changed size or mtime (a new version installed, a patch applied to node_modules), or the copy
 * itself changed size: the check stats each file (611 files and 5 ms for Redocly's openapi-core). Not seen: an edit
 * that keeps a file's size and puts its mtime back (`touch -r`, `cp -p`), and a change to a package.json alone.
 *
 * Why: Node loads an ES module package file by file. Redocly's openapi-core is 611 files (graphql and two ajvs
 * among them) and took 170-250 ms to import with Node's compile cache; its one-file copy 66-100 ms. That load is
 * the first thing on the critical path of every generate that bundles a spec. The copy is the same code: esbuild
 * only joins the modules.
 * @param {string} specifier the package, as `import` would name it
 * @param {{ dir?: string, from?: string }} [options] `dir`: where copies live; `from`: the folder `specifier` is
 *   resolved from (this project's, by default). The record names the inputs relative to it, so a copied project
 *   checks its own files.
 * @returns {string | undefined} the copy's path
 */
export function oneFileCopy(specifier, { dir = COPIES_DIR, from = PROJECT_ROOT } = {}) {
  const name = nameOf(specifier);
  const record = path.join(dir, `${name}.json`);
  try {
    /** @type {{ copy: string, size: number, inputs: Array<[string, number, number]> }} */
    const { copy, size, inputs } = JSON.parse(readFileSync(record, "utf8"));
    const file = path.join(dir, copy);
    if (statSync(file).size === size && inputs.every(([input, bytes, mtimeMs]) => sameFile(path.resolve(from, input), bytes, mtimeMs))) return file;
  } catch {
    // No record yet, an unreadable one, or a copy gone: make it.
  }
  try {
    // A folder that cannot be written (a read-only node_modules) would have every run pay for a build it cannot keep.
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return build(specifier, name, dir, from, record);
  } catch {
    return undefined;
  }
}

/**
 * Forgets the copy of `specifier`, so that the next `oneFileCopy` makes it again: for a copy that did not load
 * (damaged on disk in a way its size does not show).
 * @param {string} specifier
 * @param {{ dir?: string }} [options]
 */
export function discardCopy(specifier, { dir = COPIES_DIR } = {}) {
  rmSync(path.join(dir, `${nameOf(specifier)}.json`), { force: true });
}

/** @param {string} specifier */
function nameOf(specifier) {
  return specifier.replace(/^@/, "").replace(/[^\w.-]+/g, "-");
}

/**
 * @param {string} file
 * @param {number} size
 * @param {number} mtimeMs
 */
function sameFile(file, size, mtimeMs) {
  try {
    const stats = statSync(file);
    return stats.size === size && stats.mtimeMs === mtimeMs;
  } catch {
    return false;
  }
}

/**
 * @param {string} specifier
 * @param {string} name
 * @param {string} dir
 * @param {string} from
 * @param {string} record
 */
function build(specifier, name, dir, from, record) {
  /** @type {typeof import("esbuild")} */
  const esbuild = createRequire(import.meta.url)("esbuild");
  const started = Date.now();
  const result = esbuild.buildSync({
    entryPoints: [specifier],
    absWorkingDir: from,
    bundle: true,
    platform: "node",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
    // CommonJS dependencies (ajv, js-yaml) call require(): in one ES module it must exist, resolving from the copy.
    banner: { js: 'import { createRequire as __copyRequire } from "node:module";\nconst require = __copyRequire(import.meta.url);' },
  });
  const [output] = result.outputFiles;
  if (!output) return undefined;
  // The stats are taken after esbuild read the files: one that changed meanwhile would be recorded as current while
  // the copy holds what it was. Its size may show it (esbuild reports what it read); its mtime, near or after the start, does.
  /** @type {Array<[string, number, number]>} */
  const inputs = [];
  let settled = true;
  for (const [input, { bytes }] of Object.entries(result.metafile.inputs)) {
    const absolute = path.resolve(from, input);
    const stats = statSync(absolute);
    if (stats.size !== bytes || stats.mtimeMs > started - SETTLE_MS) settled = false;
    inputs.push([path.relative(from, absolute), stats.size, stats.mtimeMs]);
  }
  if (!settled) return undefined;
  const copy = `${name}.${sha256(output.text).slice(0, 16)}.mjs`;
  // Each file appears whole or not at all (another run may be reading them), and on disk before the record names it.
  replace(path.join(dir, copy), output.text);
  replace(record, JSON.stringify({ copy, size: output.contents.byteLength, inputs }));
  for (const other of readdirSync(dir)) {
    if (!other.startsWith(`${name}.`) || other === copy || other === `${name}.json`) continue;
    const file = path.join(dir, other);
    try {
      // Another run's temporary file is its own until it is abandoned.
      if (other.endsWith(".mjs") || Date.now() - statSync(file).mtimeMs > ABANDONED_MS) rmSync(file, { force: true });
    } catch {}
  }
  return path.join(dir, copy);
}

/**
 * @param {string} file
 * @param {string} text
 */
function replace(file, text) {
  const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    writeDurably(temporary, text);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}
