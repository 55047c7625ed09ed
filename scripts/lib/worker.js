// @ts-check
// A pipeline worker thread: runs one stage at a time for the pool in lib/pool.js. Each library is
// loaded on the first task that needs it, so a worker that only formats never loads Redocly.
import { parentPort } from "node:worker_threads";
import { GenerateError } from "./errors.js";

/** @type {Map<string, Promise<import("@redocly/openapi-core").Config>>} */
const configs = new Map();

/** @type {Record<string, (payload: any) => Promise<unknown>>} */
const TASKS = {
  async "bundle-lint"({ api, projectRoot, configPath }) {
    const { loadConfig } = await import("@redocly/openapi-core");
    if (!configs.has(configPath)) configs.set(configPath, loadConfig({ configPath }));
    const config = await /** @type {Promise<import("@redocly/openapi-core").Config>} */ (configs.get(configPath)).catch((error) => {
      throw new GenerateError(`invalid Redocly config: ${error.message}`, { file: configPath });
    });
    const { default: bundleStage } = await import("../stages/bundle.js");
    const { default: lintStage } = await import("../stages/lint.js");
    const { bundled, apiConfig, resolver, files } = await bundleStage(api, { projectRoot, config });
    const { warningSummary } = await lintStage(api, { bundled, apiConfig, resolver, projectRoot });
    return { document: bundled.parsed, files, warningSummary };
  },
  async types({ document }) {
    const { default: typesStage } = await import("../stages/types.js");
    return typesStage(document);
  },
  async validators({ document }) {
    const { default: validatorsStage } = await import("../stages/validators.js");
    return validatorsStage(document);
  },
  async format({ source }) {
    const { formatSource } = await import("../stages/format.js");
    return formatSource(source);
  },
};

parentPort?.on("message", async ({ id, kind, payload }) => {
  try {
    const task = TASKS[kind];
    if (!task) throw new Error(`unknown task ${kind}`);
    parentPort?.postMessage({ id, result: await task(payload) });
  } catch (error) {
    const e = /** @type {any} */ (error);
    parentPort?.postMessage({
      id,
      error: { name: e?.name, message: e?.message ?? String(error), stack: e?.stack, file: e?.file, line: e?.line, col: e?.col, details: e?.details, exitCode: e?.exitCode },
    });
  }
});
