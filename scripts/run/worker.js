// @ts-check
// A pipeline worker thread: runs one stage at a time for the pool in lib/pool.js. Each library is
// loaded on the first task that needs it, so a worker that only formats never loads Redocly.
import { readFileSync } from "node:fs";
import path from "node:path";
import { getHeapStatistics } from "node:v8";
import { parentPort } from "node:worker_threads";
import { GenerateError } from "../report/errors.js";

/** @type {Map<string, Promise<import("@redocly/openapi-core").Config>>} */
const configs = new Map();

/** @type {Record<string, (payload: any, emit: (early: unknown) => void) => Promise<unknown>>} */
const TASKS = {
  // The bundled document is sent as soon as it exists, so other workers type and validate it while
  // this one lints (the longest stage on large specs).
  async "bundle-lint"({ api, projectRoot, configPath }, emit) {
    if (!configs.has(configPath)) {
      // A Redocly plugin that imports @redocly/openapi-core gets the package: Redocly must be that one too, or the
      // plugin's classes are not those of the objects Redocly gives it. (A plugin reached only through `extends` is not seen.)
      if (/^plugins\s*:/m.test(readFileSync(configPath, "utf8"))) process.env.PRODUCT_CLIENTS_REDOCLY_COPY = "off";
      configs.set(configPath, loadCheckedConfig(configPath, projectRoot));
    }
    const config = await /** @type {Promise<import("@redocly/openapi-core").Config>} */ (configs.get(configPath));
    const { default: bundleStage } = await import("../stages/bundle.js");
    const { default: lintStage } = await import("../stages/lint.js");
    const { stagesJson } = await import("../stages/null-schemas.js");
    const { bundled, apiConfig, resolver, files, notice, overlayActions } = await bundleStage(api, { projectRoot, config });
    // JSON text crosses threads far cheaper than a structured clone of a 13 MB object graph.
    emit({ json: stagesJson(/** @type {Record<string, any>} */ (bundled.parsed)), files });
    const { warningSummary, findings } = await lintStage(api, { bundled, apiConfig, resolver, projectRoot, files });
    return { warningSummary, findings, notice, overlayActions };
  },
  // The text is sent as soon as it exists, then its token hash (the compile check's cache key, and what the
  // manifest records to tell whether src/ and test/ need checking again); then the new cache entries are
  // made and written, and the task ends.
  async types({ json, cache }, emit) {
    const { default: typesStage } = await import("../stages/types.js");
    const { openCache } = await import("../store/cache.js");
    const opened = openCache(cache);
    /** @type {Array<() => void>} */
    const later = [];
    const text = typesStage(JSON.parse(json), { cache: opened, later });
    emit({ text });
    const { typeShape } = await import("./type-shape.js");
    emit({ shape: typeShape(text) });
    for (const store of later) store();
    await opened.flush();
    return null;
  },
  async validators({ json, file, cache }) {
    const { default: validatorsStage } = await import("../stages/validators.js");
    const { openCache } = await import("../store/cache.js");
    const opened = openCache(cache);
    const result = validatorsStage(JSON.parse(json), { file, cache: opened });
    await opened.flush();
    return result;
  },
  // An idle worker loads the later stages' libraries (and warms prettier up) while another bundles.
  async preload() {
    await Promise.all([import("../stages/types.js"), import("../stages/validators.js")]);
    const { formatSource } = await import("../stages/format.js");
    await formatSource("export interface Warm {\n    a: string;\n}\n");
  },
  async format({ pieces }) {
    const { formatPieces } = await import("../stages/format.js");
    return formatPieces(pieces);
  },
};

/**
 * Loads redocly.yaml and checks it the way `redocly lint` does: Redocly's loader alone accepts an
 * unknown rule or a severity such as "fatal", and the rule then silently does nothing.
 * @param {string} configPath
 * @param {string} projectRoot
 */
async function loadCheckedConfig(configPath, projectRoot) {
  const { getLineColLocation, lintConfig, loadConfig } = await import("../stages/redocly.js");
  const file = path.relative(projectRoot, configPath);
  const config = await loadConfig({ configPath }).catch((error) => {
    throw new GenerateError(`invalid Redocly config: ${error.message}`, { file });
  });
  const problems = (await lintConfig({ config })).filter((p) => p.severity === "error");
  if (problems.length > 0) {
    throw new GenerateError("invalid Redocly config", {
      file,
      details: problems.map((p) => {
        const { start } = /** @type {{ start: { line: number, col: number } }} */ (getLineColLocation(/** @type {any} */ (p.location[0])));
        return `${file}:${start.line}:${start.col}: ${p.message}`;
      }),
    });
  }
  return config;
}

parentPort?.on("message", async ({ id, kind, payload }) => {
  try {
    const task = TASKS[kind];
    if (!task) throw new Error(`unknown task ${kind}`);
    const emit = (/** @type {unknown} */ early) => parentPort?.postMessage({ id, early });
    const result = await task(payload, emit);
    // What the heap holds now, garbage included: the pool replaces a worker that ends a task above its limit.
    parentPort?.postMessage({ id, result, heapUsed: getHeapStatistics().used_heap_size });
  } catch (error) {
    const e = /** @type {any} */ (error);
    parentPort?.postMessage({
      id,
      heapUsed: getHeapStatistics().used_heap_size,
      error: { name: e?.name, message: e?.message ?? String(error), stack: e?.stack, file: e?.file, line: e?.line, col: e?.col, pointer: e?.pointer, details: e?.details, exitCode: e?.exitCode },
    });
  }
});
