// @ts-check
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sha256 } from "../store/hash.js";
import { apiInputs, inputHashOf, MANIFEST_FILE } from "../store/manifest.js";
import { CLIENTS_FILE, outputsOf } from "../store/outputs.js";
import { isTransient, JOURNAL } from "../store/write-atomically.js";

export const CHANGES_FILE = "CHANGES.md";

/**
 * @typedef {object} ApiPlan
 * @property {import("../config/apis.js").ApiEntry} api
 * @property {string[]} reasons why it must be regenerated; empty when it is up to date
 */

/**
 * Decides, from hashes alone, which APIs are stale and which files in generated/ are extra.
 * It loads no generator library, so a run with nothing to do costs a few file reads.
 * @param {{ apis: import("../config/apis.js").ApiEntry[], projectRoot: string, configFile: string, outDir: string, tools: Record<string, string>, manifest: import("../store/manifest.js").Manifest | undefined }} input
 */
export function planRun({ apis, projectRoot, configFile, outDir, tools, manifest }) {
  /** @type {ApiPlan[]} */
  const plans = [];
  for (const api of apis) {
    const record = manifest?.apis?.[api.name];
    if (!record) {
      // Without a manifest there is nothing to compare with: files present are "unrecorded", not missing.
      const state = (/** @type {string} */ f) => (existsSync(path.join(outDir, f)) ? `unrecorded: generated/${f} (not in the manifest)` : `missing: generated/${f}`);
      plans.push({ api, reasons: outputsOf(api.name).map(state) });
      continue;
    }
    const reasons = [];
    const inputs = apiInputs(projectRoot, api, configFile, Object.keys(record.inputs ?? {}));
    if (record.alias !== api.alias) reasons.push(`stale: generated/${api.name}.ts (API renamed ${record.alias} -> ${api.alias})`);
    if (inputHashOf(inputs, tools) !== record.inputHash) {
      const changed = Object.keys(inputs).filter((f) => record.inputs?.[f] !== inputs[f]);
      const why = changed.length ? `${changed.join(", ")} changed` : "the generator or its tools changed";
      reasons.push(`stale: generated/${api.name}.* (${why})`);
    }
    for (const file of outputsOf(api.name)) {
      const want = record.outputs?.[file];
      const full = path.join(outDir, file);
      if (!want || !existsSync(full)) reasons.push(`missing: generated/${file}`);
      else if (sha256(readFileSync(full)) !== want) reasons.push(`stale: generated/${file} (edited by hand; it is rewritten by npm run generate)`);
    }
    plans.push({ api, reasons });
  }

  const expected = new Set([MANIFEST_FILE, CHANGES_FILE, CLIENTS_FILE, ...apis.flatMap((a) => outputsOf(a.name))]);
  const present = existsSync(outDir) ? readdirSync(outDir) : [];
  const extras = present.filter((name) => !expected.has(name) && !isTransient(name)).sort();
  const interrupted = present.includes(JOURNAL);
  const manifestMissing = apis.length > 0 && !manifest;
  const facadeFailed = manifest?.facade === "failed";
  return { plans, extras, interrupted, manifestMissing, facadeFailed };
}
