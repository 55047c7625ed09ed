// @ts-check
import path from "node:path";
import compileCheckStage from "../stages/compile-check.js";
import formatStage from "../stages/format.js";
import callsStage from "../stages/calls.js";
import { GenerateError } from "../report/errors.js";
import { keysOf, pointerOf, resolvePointer } from "../report/json-pointer.js";
import { openCache } from "../store/cache.js";
import { sha256 } from "../store/hash.js";
import { apiInputs, inputHashOf } from "../store/manifest.js";
import { jsonStamp, stamp, textStamp } from "../store/stamp.js";

const STAMP_KEY = "x-product-clients";

/**
 * A stage's error names the spec it came from.
 * @template T
 * @param {string} file
 * @param {() => T} run
 * @returns {T}
 */
function withFile(file, run) {
  try {
    return run();
  } catch (error) {
    if (error instanceof GenerateError && !error.file) throw new GenerateError(error.message, { file, details: error.details });
    throw error;
  }
}

/**
 * Runs one API through bundle + lint -> types (compile-checked), validators, calls -> format, in memory, on the
 * pool's worker threads. Nothing is written here: the caller commits every API's files together
 * or none.
 * @param {import("../config/apis.js").ApiEntry} api
 * @param {{ projectRoot: string, configFile: string, tools: Record<string, string>, pool: ReturnType<typeof import("./pool.js").createPool>, cache?: import("../store/cache.js").Cache, onStage?: (stage: string) => void, onDocument?: (document: Record<string, any>) => void }} context
 *   `onDocument`: receives the bundled document as soon as it exists (the change report starts from it)
 */
export async function generateApi(api, { projectRoot, configFile, tools, pool, cache = openCache(undefined), onStage = () => {}, onDocument = () => {} }) {
  onStage("bundle");
  const configPath = path.join(projectRoot, configFile);
  /** @type {(value: { json: string, files: string[] }) => void} */
  let bundledNow = () => {};
  const bundled = new Promise((resolve) => (bundledNow = resolve));
  const linted = pool.run("bundle-lint", { api, projectRoot, configPath }, (early) => bundledNow(early)).catch(stageFailure(api, "bundle and lint"));
  pool.preloadIdle(["types", "validators", "format"]);
  // A failure before the bundle exists rejects `linted`, which must end the wait for it too.
  const { json, files } = await Promise.race([bundled, linted.then(() => bundled)]);
  const document = JSON.parse(json);
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item ?? {})) {
      // As a key of the generated object literals, "__proto__" would set their prototype, not add an entry.
      if (operation?.operationId === "__proto__") throw new GenerateError("operationId `__proto__` cannot be a key of the generated code; rename it with an overlay", { file: api.root });
    }
  }
  // The bundled JSON's stamp lives under this key; a spec's own value would silently replace it.
  if (Object.hasOwn(document, STAMP_KEY)) {
    throw new GenerateError(`\`${STAMP_KEY}\` at the top of the document is reserved for generate's stamp; remove it (or move it with an overlay)`, { file: api.root });
  }

  onDocument(document);
  onStage("lint, types, validators, format");
  // Types and validators start from the bundle's JSON before this thread hashes the inputs and writes the
  // bundled file (0.3 s for GitHub's spec); each output is formatted as soon as it exists, while lint may still run.
  // The types are sent before their cache entries are written (a first GitHub run writes 2,000): the compile check and
  // prettier start while the worker waits for the disk; the task itself is awaited below, so no write is cut short.
  // Their token hash (the compile check's key, and the manifest's record of what they mean) follows them.
  /** @type {(text: string) => void} */
  let typedNow = () => {};
  const typed = new Promise((resolve) => (typedNow = resolve));
  /** @type {(shape: string) => void} */
  let shapedNow = () => {};
  const shapedEarly = new Promise((resolve) => (shapedNow = resolve));
  const typesTask = pool
    .run("types", { json, cache: cache.location }, (/** @type {{ text?: string, shape?: string }} */ early) =>
      early.text !== undefined ? typedNow(early.text) : shapedNow(/** @type {string} */ (early.shape)),
    )
    .catch(stageFailure(api, "types", document));
  /** @type {Promise<string>} */
  const types = Promise.race([typed, typesTask.then(() => typed)]);
  /** @type {Promise<string>} */
  const shaped = Promise.race([shapedEarly, typesTask.then(() => shapedEarly)]);
  // A types failure is reported through `types` and `typesTask`.
  shaped.catch(() => {});
  const validators = pool.run("validators", { json, file: api.root, cache: cache.location }).catch(stageFailure(api, "validators"));

  const inputs = apiInputs(projectRoot, api, configFile, files);
  const inputHash = inputHashOf(inputs, tools);
  const source = { alias: api.alias, root: api.root, overlays: api.overlays, inputHash };
  const header = stamp(source);

  const bundledJson = JSON.stringify({ [STAMP_KEY]: jsonStamp(source), ...document }, null, 2) + "\n";
  const format = (/** @type {string} */ text) =>
    formatStage(text, { cache, formatPieces: (pieces) => pool.run("format", { pieces }).catch(stageFailure(api, "format")) });
  // tsc must accept the types file before anything is written (openapi-typescript can emit what it rejects).
  const compiled = types.then((t) =>
    compileCheckStage(header + t, {
      name: api.name,
      file: api.root,
      document,
      projectRoot,
      cache,
      shape: () => shaped,
    }),
  );
  // Until the Promise.all below meets them, a failure of a stage already started must not count as
  // unhandled (Node would end the run with a stack trace) if something on this thread throws first.
  for (const started of [typesTask, types, validators, compiled]) started.catch(() => {});
  const calls = withFile(api.root, () => callsStage(api.name, document));
  // What each TypeScript output means to code that imports it, hashed before formatting (prettier keeps meaning):
  // the manifest records it, and the next run checks src/ and test/ again only when one changes.
  const [{ warningSummary, findings, notice, overlayActions }, typesTs, clientTs, { code: validatorsJs, declarations }, validatorsDts, testingTs, , , typesShape] = await Promise.all([
    linted,
    types.then((t) => format(header + t)),
    format(header + calls.source),
    validators,
    validators.then((v) => format(header + v.declarations)),
    format(header + calls.testing),
    compiled,
    typesTask,
    shaped,
  ]).catch(async (error) => {
    // Which stage fails first is a race between the two workers, so a spec with two flaws was refused for one or
    // the other from run to run. The stages' order decides instead: lint's finding (the vendor's line), then the types.
    for (const stage of [linted, typesTask, compiled, validators]) await stage;
    throw error;
  });
  /** @type {Record<string, string>} */
  const outputs = {
    [`${api.name}.ts`]: typesTs,
    [`${api.name}.client.ts`]: clientTs,
    [`${api.name}.testing.ts`]: testingTs,
    [`${api.name}.validators.js`]: header + validatorsJs,
    [`${api.name}.validators.d.ts`]: validatorsDts,
    [`${api.name}.bundled.json`]: bundledJson,
    [`${api.name}.lint.txt`]: `${textStamp(source)}# Advisory lint findings, one per line: file:line:col #/json/pointer rule message\n${/** @type {string[]} */ (findings).map((f) => `${f}\n`).join("")}`,
  };
  /** @type {Record<string, string>} TypeScript output -> a hash of what it means to code that imports it */
  const shapes = {
    [`${api.name}.ts`]: typesShape,
    [`${api.name}.client.ts`]: calls.shapes.client,
    [`${api.name}.testing.ts`]: calls.shapes.testing,
    // Written by the validators stage, with no comment from the spec.
    [`${api.name}.validators.d.ts`]: sha256(declarations),
  };
  return { outputs, shapes, inputs, inputHash, warningSummary, notices: [...(notice ? [`${api.name}: ${notice}`] : []), ...calls.notices], clientName: calls.clientName, overlayActions, document, version: String(document.info?.version ?? "") };
}

/**
 * A library that throws on a vendor's document is reported like any bad input: naming the API,
 * its spec and the stage, with the library's message (and the pointer, where it names one).
 * @param {import("../config/apis.js").ApiEntry} api
 * @param {string} stage
 * @param {unknown} [document] the bundled document, where the library's pointer is looked up
 */
function stageFailure(api, stage, document) {
  return (/** @type {unknown} */ error) => {
    if (error instanceof GenerateError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const named = /(?:^|\s)(#\/\S*)/.exec(message)?.[1];
    const pointer = named && document ? existingPointer(document, named) : named;
    // openapi-typescript names paths of its own making (an object's `enum` read as `oneOf/0`): say where that is in the spec.
    const where = pointer && pointer !== named ? ` (not a path in the spec; the nearest one is ${pointer})` : "";
    throw new GenerateError(`${api.alias}: the ${stage} stage failed: ${message}${where}`, { file: api.root, ...(pointer ? { pointer } : {}) });
  };
}

/**
 * `pointer`, or its longest prefix that leads somewhere in `document`.
 * @param {unknown} document
 * @param {string} pointer
 */
function existingPointer(document, pointer) {
  const keys = keysOf(pointer);
  if (!keys) return pointer;
  while (keys.length > 0 && resolvePointer(document, pointerOf(keys)) === undefined) keys.pop();
  return pointerOf(keys);
}
