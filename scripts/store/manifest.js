// @ts-check
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hashParts, sha256 } from "./hash.js";

/**
 * @typedef {object} ApiRecord
 * @property {string} alias
 * @property {string} inputHash        hash of every input below plus the tools
 * @property {Record<string, string>} inputs  project-relative path -> sha256 (spec, overlays, redocly.yaml, $ref'd files)
 * @property {Record<string, string>} outputs generated/-relative path -> sha256 of what was written
 * @property {Record<string, string>} [shapes] each TypeScript output -> a hash of what it means to importers, comments left out (run/generate-all.js, typesDiffer): when none changes, src/ and test/ are not checked again
 * @property {string} [version]        the spec's info.version
 * @property {string} [client]         the client's name (`create<client>Client`), which no two APIs may share
 * @property {import("../report/overlay-drift.js").StoredOverlayAction[]} [overlayActions] per overlay action, hashes of the vendor nodes it replaces (overlay drift)
 */
/**
 * `facade: "failed"` is set when src/ or test/ did not compile against the types last written, so the
 * next run (or --check) fails again instead of finding generated/ up to date and forgetting it.
 * @typedef {{ generatedBy: string, tools: Record<string, string>, config: import("../config/apis.js").ConfigRecord, apis: Record<string, ApiRecord>, facade?: "failed" }} Manifest
 */

export const MANIFEST_FILE = "manifest.json";
export const GENERATED_BY = "product-clients: npm run generate (do not edit)";

const scriptsDir = fileURLToPath(new URL("..", import.meta.url));
const nodeModules = path.join(scriptsDir, "..", "node_modules");
// Output depends on these packages and on the stage code; a change to either regenerates everything.
const TOOLS = ["@redocly/openapi-core", "openapi-typescript", "prettier", "ajv", "ajv-draft-04", "swagger2openapi"];
// Every stage the pipeline reaches is listed (test/scripts/store/manifest.test.ts follows the imports to hold it so).
export const GENERATOR_FILES = ["run/pipeline.js", "store/outputs.js", "store/stamp.js", "report/problems.js", "report/json-pointer.js", "report/json-ast.js", "report/written-place.js", "stages/bundle.js", "stages/redocly.js", "stages/parse-json.js", "stages/convert.js", "stages/lint.js", "stages/types.js", "stages/type-options.js", "stages/type-refs.js", "stages/type-units.js", "stages/type-discriminators.js", "stages/type-with-required.js", "stages/type-recursion.js", "stages/compile-check.js", "stages/tsc.js", "run/type-shape.js", "stages/validators.js", "stages/json-schema.js", "stages/calls.js", "stages/methods.js", "stages/null-schemas.js", "stages/mapping-names.js", "stages/format.js"];

/** @returns {Record<string, string>} */
export function toolFingerprint() {
  /** @type {Record<string, string>} */
  const tools = {};
  for (const name of TOOLS) {
    try {
      tools[name] = JSON.parse(readFileSync(path.join(nodeModules, name, "package.json"), "utf8")).version;
    } catch {
      tools[name] = "missing";
    }
  }
  tools.generator = sha256(GENERATOR_FILES.map((f) => readFileSync(path.join(scriptsDir, f), "utf8")).join("\0"));
  return tools;
}

/**
 * @param {string} outDir
 * @returns {Manifest | undefined} undefined when absent or unreadable (then everything is regenerated)
 */
export function readManifest(outDir) {
  try {
    const manifest = JSON.parse(readFileSync(path.join(outDir, MANIFEST_FILE), "utf8"));
    return manifest && typeof manifest === "object" && manifest.apis ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/** @param {Manifest} manifest */
export function serializeManifest(manifest) {
  return JSON.stringify(manifest, null, 2) + "\n";
}

/**
 * Hashes the files an API is built from, as they are now.
 * @param {string} projectRoot
 * @param {string[]} files project-relative
 * @returns {Record<string, string>}
 */
export function hashInputs(projectRoot, files) {
  /** @type {Record<string, string>} */
  const inputs = {};
  for (const file of [...new Set(files)].sort()) {
    try {
      inputs[file] = sha256(readFileSync(path.join(projectRoot, file)));
    } catch {
      inputs[file] = "missing";
    }
  }
  return inputs;
}

/**
 * The inputs of one API: its files as they are now, and in place of redocly.yaml's own hash the hash of the part
 * of it that applies to this API.
 * @param {string} projectRoot
 * @param {import("../config/apis.js").ApiEntry} api
 * @param {string} configFile
 * @param {string[]} files project-relative; the spec, overlays and $ref'd files
 */
export function apiInputs(projectRoot, api, configFile, files) {
  return { ...hashInputs(projectRoot, [api.root, ...api.overlays, ...files].filter((f) => f !== configFile)), [configFile]: api.configHash };
}

/**
 * @param {Record<string, string>} inputs
 * @param {Record<string, string>} tools
 */
export function inputHashOf(inputs, tools) {
  return hashParts({ ...prefixKeys("input:", inputs), ...prefixKeys("tool:", tools) });
}

/**
 * @param {string} prefix
 * @param {Record<string, string>} record
 */
function prefixKeys(prefix, record) {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [prefix + k, v]));
}
