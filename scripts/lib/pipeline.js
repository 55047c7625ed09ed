// @ts-check
import bundleStage from "../stages/bundle.js";
import formatStage from "../stages/format.js";
import lintStage from "../stages/lint.js";
import metaStage from "../stages/meta.js";
import typesStage from "../stages/types.js";
import validatorsStage from "../stages/validators.js";
import { hashInputs, inputHashOf } from "./manifest.js";
import { jsonStamp, stamp } from "./stamp.js";

/**
 * Runs one API through bundle -> lint -> types, validators, meta -> format, in memory.
 * Nothing is written here: the caller commits every API's files together or none.
 * @param {import("./apis.js").ApiEntry} api
 * @param {{ projectRoot: string, configFile: string, config: import("@redocly/openapi-core").Config, tools: Record<string, string> }} context
 */
export async function generateApi(api, { projectRoot, configFile, config, tools }) {
  const { bundled, apiConfig, resolver, files } = await bundleStage(api, { projectRoot, config });
  const { warningSummary } = await lintStage(api, { bundled, apiConfig, resolver, projectRoot });

  const inputs = hashInputs(projectRoot, [configFile, api.root, ...api.overlays, ...files]);
  const inputHash = inputHashOf(inputs, tools);
  const source = { alias: api.alias, root: api.root, overlays: api.overlays, inputHash };
  const document = /** @type {Record<string, any>} */ (bundled.parsed);

  // Serialise the bundle before the transforms walk it, so it records the document as bundled.
  const bundledJson = JSON.stringify({ "x-product-clients": jsonStamp(source), ...document }, null, 2) + "\n";
  const header = stamp(source);
  const validators = validatorsStage(document);
  const formatted = await formatStage({
    [`${api.name}.ts`]: header + typesStage(document),
    [`${api.name}.meta.ts`]: header + metaStage(api.name, document),
    [`${api.name}.validators.d.ts`]: header + validators.declarations,
  });
  /** @type {Record<string, string>} */
  const outputs = {
    ...formatted,
    [`${api.name}.validators.js`]: header + validators.code,
    [`${api.name}.bundled.json`]: bundledJson,
  };
  return { outputs, inputs, inputHash, warningSummary, document, version: String(document.info?.version ?? "") };
}
