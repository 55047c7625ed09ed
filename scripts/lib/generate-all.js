// @ts-check
import path from "node:path";
import { loadConfig } from "@redocly/openapi-core";
import { GenerateError } from "./errors.js";
import { sha256 } from "./hash.js";
import { GENERATED_BY, MANIFEST_FILE, readManifest, serializeManifest } from "./manifest.js";
import { outputsOf } from "./outputs.js";
import { generateApi } from "./pipeline.js";
import { writeAtomically } from "./write-atomically.js";

/**
 * Generates the stale APIs in memory and commits them, with the manifest, in one transaction.
 * If any API fails, every failure is reported and generated/ is left exactly as it was.
 * @param {{ apis: import("./apis.js").ApiEntry[], configRecord: import("./apis.js").ConfigRecord, stale: import("./apis.js").ApiEntry[], extras: string[], projectRoot: string, configPath: string, configFile: string, outDir: string, tools: Record<string, string>, options: import("./args.js").GenerateOptions, reporter: ReturnType<typeof import("./report.js").createReporter> }} run
 * @returns {Promise<number>}
 */
export async function generateAll({ apis, configRecord, stale, extras, projectRoot, configPath, configFile, outDir, tools, options, reporter }) {
  const config = await loadConfig({ configPath }).catch((error) => {
    throw new GenerateError(`invalid Redocly config: ${error.message}`, { file: configFile });
  });
  const previous = readManifest(outDir);
  /** @type {import("./manifest.js").Manifest} */
  const manifest = { generatedBy: GENERATED_BY, tools, config: configRecord, apis: {} };
  /** @type {Record<string, string>} */
  const files = {};
  /** @type {unknown[]} */
  const failures = [];
  const summaries = [];
  for (const api of apis) {
    if (!stale.includes(api)) {
      manifest.apis[api.name] = /** @type {import("./manifest.js").ApiRecord} */ (previous?.apis[api.name]);
      continue;
    }
    const started = performance.now();
    try {
      const result = await generateApi(api, { projectRoot, configFile, config, tools });
      Object.assign(files, result.outputs);
      manifest.apis[api.name] = {
        alias: api.alias,
        version: result.version,
        inputHash: result.inputHash,
        inputs: result.inputs,
        outputs: Object.fromEntries(Object.entries(result.outputs).map(([name, content]) => [name, sha256(content)])),
      };
      summaries.push(`${api.name}: generated ${Object.keys(result.outputs).length} files in ${Math.round(performance.now() - started)} ms; ${result.warningSummary.replace(`${api.name}: `, "")}`);
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) {
    for (const failure of failures) reporter.fail(failure);
    reporter.error(`generated/ left unchanged (${failures.length} of ${stale.length} API${stale.length === 1 ? "" : "s"} failed)`);
    return 1;
  }
  const expected = new Set(apis.flatMap((a) => outputsOf(a.name)));
  const removals = extras.filter((name) => !expected.has(name));
  manifest.apis = Object.fromEntries(Object.entries(manifest.apis).sort(([a], [b]) => a.localeCompare(b)));
  files[MANIFEST_FILE] = serializeManifest(manifest);
  writeAtomically(outDir, files, removals);
  if (!options.quiet) {
    for (const line of summaries) reporter.info(line);
    for (const name of removals) reporter.info(`removed generated/${name} (no API in ${path.basename(configPath)} produces it)`);
  }
  return 0;
}
