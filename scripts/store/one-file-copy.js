// @ts-check
import { randomBytes } from "node:crypto";
import { accessSync, constants, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sha256 } from "./hash.js";

/** Beside Node's compile cache and the stage cache, in the node_modules that holds the packages (git-ignored with it). */
export const COPIES_DIR = fileURLToPath(new URL("../../node_modules/.cache/product-clients-copies", import.meta.url));

/**
 * A copy of an installed ES module package and everything it imports, bundled by esbuild into one file, or
 * undefined where there is none to be had (esbuild missing, a build that fails, a folder that cannot be
 * written): the caller then imports the package itself. Made on first use, and again whenever one of the files
 * it was made from changed (a new version installed, a patch applied to node_modules): the check stats each of
 * them (611 files and 5 ms for Redocly's openapi-core).
 *
 * Why: Node loads an ES module package file by file. Redocly's openapi-core is 611 files (graphql and two ajvs
 * among them) and took 170-250 ms to import with Node's compile cache; its one-file copy 66-100 ms. That load is
 * the first thing on the critical path of every generate that bundles a spec. The copy is the same code: esbuild
 * only joins the modules.
 * @param {string} specifier the package, as `import` would name it
 * @param {{ dir?: string, from?: string }} [options] `dir`: where copies live; `from`: the folder `specifier` is
 *   resolved from (this project's, by default)
 * @returns {string | undefined} the copy's path
 */
export function oneFileCopy(specifier, { dir = COPIES_DIR, from = fileURLToPath(new URL("../..", import.meta.url)) } = {}) {
  const name = specifier.replace(/^@/, "").replace(/[^\w.-]+/g, "-");
  const record = path.join(dir, `${name}.json`);
  try {
    /** @type {{ copy: string, inputs: Array<[string, number, number]> }} */
    const { copy, inputs } = JSON.parse(readFileSync(record, "utf8"));
    if (inputs.every(([file, size, mtimeMs]) => sameFile(file, size, mtimeMs))) {
      statSync(path.join(dir, copy));
      return path.join(dir, copy);
    }
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
  const inputs = Object.keys(result.metafile.inputs).map((file) => {
    const absolute = path.resolve(from, file);
    const stats = statSync(absolute);
    return [absolute, stats.size, stats.mtimeMs];
  });
  const copy = `${name}.${sha256(output.text).slice(0, 16)}.mjs`;
  // Each file appears whole or not at all (another run may be reading them), the record last: it names a copy that exists.
  replace(path.join(dir, copy), output.text);
  replace(record, JSON.stringify({ copy, inputs }));
  for (const other of readdirSync(dir)) {
    if (other.startsWith(`${name}.`) && other.endsWith(".mjs") && other !== copy) rmSync(path.join(dir, other), { force: true });
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
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}
