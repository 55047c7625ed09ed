// @ts-check
import path from "node:path";
import { joinChunks, splitTopLevel } from "../stages/format.js";
import metaStage from "../stages/meta.js";
import { hashInputs, inputHashOf } from "./manifest.js";
import { jsonStamp, stamp } from "./stamp.js";

/**
 * Runs one API through bundle + lint -> types, validators, meta -> format, in memory, on the
 * pool's worker threads. Nothing is written here: the caller commits every API's files together
 * or none.
 * @param {import("./apis.js").ApiEntry} api
 * @param {{ projectRoot: string, configFile: string, tools: Record<string, string>, pool: ReturnType<typeof import("./pool.js").createPool>, onStage?: (stage: string) => void }} context
 */
export async function generateApi(api, { projectRoot, configFile, tools, pool, onStage = () => {} }) {
  onStage("bundle + lint");
  const configPath = path.join(projectRoot, configFile);
  const { document, files, warningSummary } = await pool.run("bundle-lint", { api, projectRoot, configPath });

  const inputs = hashInputs(projectRoot, [configFile, api.root, ...api.overlays, ...files]);
  const inputHash = inputHashOf(inputs, tools);
  const source = { alias: api.alias, root: api.root, overlays: api.overlays, inputHash };
  const header = stamp(source);

  onStage("types + validators");
  const bundledJson = JSON.stringify({ "x-product-clients": jsonStamp(source), ...document }, null, 2) + "\n";
  const [types, validators] = await Promise.all([pool.run("types", { document }), pool.run("validators", { document })]);

  onStage("format");
  const format = async (/** @type {string} */ text) => {
    const { chunks, blankBefore } = splitTopLevel(text, pool.size * 2);
    return joinChunks(await Promise.all(chunks.map((chunk) => pool.run("format", { source: chunk }))), blankBefore);
  };
  const [typesTs, metaTs, validatorsDts] = await Promise.all([
    format(header + types),
    format(header + metaStage(api.name, document)),
    format(header + validators.declarations),
  ]);
  /** @type {Record<string, string>} */
  const outputs = {
    [`${api.name}.ts`]: typesTs,
    [`${api.name}.meta.ts`]: metaTs,
    [`${api.name}.validators.js`]: header + validators.code,
    [`${api.name}.validators.d.ts`]: validatorsDts,
    [`${api.name}.bundled.json`]: bundledJson,
  };
  return { outputs, inputs, inputHash, warningSummary, document, version: String(document.info?.version ?? "") };
}
