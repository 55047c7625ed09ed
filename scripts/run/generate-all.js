// @ts-check
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { diffWithPrevious, prependChanges, reportChanges } from "../report/changes.js";
import { overlayDrift, storedOverlayActions } from "../report/overlay-drift.js";
import { GenerateError } from "../report/errors.js";
import { CHANGES_FILE } from "./plan.js";
import { typecheckFacade } from "./typecheck-facade.js";
import { cacheLocation, openCache, pruneCache } from "../store/cache.js";
import { sha256 } from "../store/hash.js";
import { GENERATED_BY, MANIFEST_FILE, readManifest, serializeManifest } from "../store/manifest.js";
import { CLIENTS_FILE, outputsOf } from "../store/outputs.js";
import { generateApi } from "./pipeline.js";
import { createPool } from "./pool.js";
import { createProgress } from "../cli/progress.js";
import { writeAtomically } from "../store/write-atomically.js";

/**
 * Generates the stale APIs in memory and commits those that succeeded, with the manifest, in one transaction.
 * An API that fails is reported and keeps its last good files byte for byte; the run then exits 1.
 * @param {{ apis: import("../config/apis.js").ApiEntry[], configRecord: import("../config/apis.js").ConfigRecord, stale: import("../config/apis.js").ApiEntry[], extras: string[], projectRoot: string, configPath: string, configFile: string, outDir: string, tools: Record<string, string>, options: import("../cli/args.js").GenerateOptions, reporter: ReturnType<typeof import("../cli/report.js").createReporter> }} run
 * @returns {Promise<number>}
 */
export async function generateAll({ apis, configRecord, stale, extras, projectRoot, configPath, configFile, outDir, tools, options, reporter }) {
  // Stray files are generate's to remove; a folder is someone's work, and is refused before any work starts.
  for (const name of extras) {
    if (statSync(path.join(outDir, name)).isDirectory()) {
      throw new GenerateError("is a folder; generated/ holds only the files generate writes: move it out and run again", { file: `generated/${name}` });
    }
  }
  const pool = createPool();
  // Start the first worker now: its start-up overlaps reading the manifest.
  pool.warm();
  const location = cacheLocation({ projectRoot, tools, enabled: options.cache });
  const cache = openCache(location);
  try {
    return await generateWith(pool, cache, { apis, configRecord, stale, extras, projectRoot, configPath, configFile, outDir, tools, options, reporter });
  } finally {
    await Promise.all([pool.close(), cache.flush()]);
    // Any run that generated may have added packs, the workers' included: pruning stats a file per pack.
    if (location) await pruneCache(location);
  }
}

/**
 * @param {ReturnType<typeof createPool>} pool
 * @param {import("../store/cache.js").Cache} cache
 * @param {Parameters<typeof generateAll>[0]} run
 */
async function generateWith(pool, cache, { apis, configRecord, stale, extras, configPath, projectRoot, configFile, outDir, tools, options, reporter }) {
  const previous = readManifest(outDir);
  /** @type {import("../store/manifest.js").Manifest} */
  const manifest = { generatedBy: GENERATED_BY, tools, config: configRecord, apis: {} };
  /** @type {Record<string, string>} */
  const files = {};
  const started = performance.now();
  const progress = createProgress({ interactive: options.quiet ? false : undefined });
  /** @type {Map<string, ReturnType<typeof diffWithPrevious>>} API -> its comparison with the previous bundled spec */
  const diffs = new Map();
  const results = await Promise.allSettled(
    stale.map((api) =>
      generateApi(api, {
        projectRoot,
        configFile,
        tools,
        pool,
        cache,
        onStage: (stage) => progress.stage(api.name, stage),
        onDocument: (document) => {
          const diffed = diffWithPrevious(outDir, api.name, document);
          // Met where the change report awaits it; an API that failed meanwhile never does.
          diffed.catch(() => {});
          diffs.set(api.name, diffed);
        },
      }).finally(() => progress.done(api.name)),
    ),
  );
  progress.stop();
  const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
  // A shared input (redocly.yaml, a common \$ref'd file) fails every API alike: say it once.
  const said = new Set();
  for (const failure of failures) {
    const text = failure instanceof Error ? `${failure.message}\0${/** @type {any} */ (failure).details?.join("\n")}` : String(failure);
    if (!said.has(text)) reporter.fail(failure);
    said.add(text);
  }
  // One vendor's failure is that vendor's alone: the others are written, the failed one keeps its last good files.
  const regenerated = stale.flatMap((api, i) => {
    const result = /** @type {PromiseSettledResult<Awaited<ReturnType<typeof generateApi>>>} */ (results[i]);
    return result.status === "fulfilled" ? [{ api, result: result.value }] : [];
  });
  const failed = new Set(stale.filter((_, i) => results[i]?.status === "rejected").map((api) => api.name));
  if (regenerated.length === 0) {
    reporter.error(`generated/ left unchanged (${failed.size} of ${stale.length} API${stale.length === 1 ? "" : "s"} failed)`);
    return 1;
  }
  const summaries = [];
  /** @type {Map<string, string[]>} API -> its overlay drift lines */
  const drift = new Map();
  // Two APIs with one client name would export the same create<Name>Client from the package's index.
  /** @type {Map<string, string>} client name -> API */
  const clientNames = new Map();
  for (const api of apis) {
    const kept = previous?.apis[api.name]?.client;
    if (kept && !regenerated.some((r) => r.api === api)) clientNames.set(kept, api.name);
  }
  for (const api of apis) {
    const result = regenerated.find((r) => r.api === api)?.result;
    if (!result) {
      const kept = previous?.apis[api.name];
      if (kept) manifest.apis[api.name] = kept;
      continue;
    }
    const owner = clientNames.get(result.clientName);
    if (owner && owner !== api.name) {
      reporter.fail(new GenerateError(`the client name ${result.clientName} is already ${owner}'s; give this API another with \`info.x-client.name\` in an overlay`, { file: api.root }));
      failed.add(api.name);
      const kept = previous?.apis[api.name];
      if (kept) manifest.apis[api.name] = kept;
      continue;
    }
    clientNames.set(result.clientName, api.name);
    Object.assign(files, result.outputs);
    manifest.apis[api.name] = {
      alias: api.alias,
      version: result.version,
      inputHash: result.inputHash,
      inputs: result.inputs,
      outputs: Object.fromEntries(Object.entries(result.outputs).map(([name, content]) => [name, sha256(content)])),
      shapes: result.shapes,
      client: result.clientName,
      ...(result.overlayActions.length > 0 ? { overlayActions: storedOverlayActions(result.overlayActions) } : {}),
    };
    drift.set(api.name, overlayDrift(api.name, result.overlayActions, previous?.apis[api.name]?.overlayActions));
    summaries.push(`${api.name}: generated ${Object.keys(result.outputs).length} files; ${result.warningSummary.replace(`${api.name}: `, "")}`);
    summaries.push(...result.notices);
  }
  const written = regenerated.filter(({ api }) => !failed.has(api.name));
  const expected = new Set(apis.flatMap((a) => outputsOf(a.name)));
  const removals = extras.filter((name) => !expected.has(name));
  manifest.apis = Object.fromEntries(Object.entries(manifest.apis).sort(([a], [b]) => a.localeCompare(b)));
  const clients = clientsIndex(Object.keys(manifest.apis));
  if (!existsSync(path.join(outDir, CLIENTS_FILE)) || readFileSync(path.join(outDir, CLIENTS_FILE), "utf8") !== clients) files[CLIENTS_FILE] = clients;
  // Decided before the commit, against the files it replaces; a check that failed last time is repeated.
  const typesChanged = previous?.facade === "failed" || removals.some(isTypeScript) || CLIENTS_FILE in files || typesDiffer(previous, outDir, written);
  const changes = await reportChanges(
    outDir,
    written.map(({ api, result }) => ({ name: api.name, document: result.document, version: result.version, inputHash: result.inputHash, drift: drift.get(api.name) ?? [], diffed: diffs.get(api.name) })),
  );
  if (changes.sections.length > 0) files[CHANGES_FILE] = prependChanges(outDir, changes.sections);
  files[MANIFEST_FILE] = serializeManifest(manifest);
  writeAtomically(outDir, files, removals);
  if (!options.quiet) {
    for (const line of summaries) reporter.info(line);
    reporter.info(`generated ${written.length} API${written.length === 1 ? "" : "s"} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    for (const name of removals) reporter.info(`removed generated/${name} (no API in ${path.basename(configPath)} produces it)`);
  }
  for (const text of changes.printed) reporter.info(text);
  // A warning: the exit code stays what it would be.
  for (const line of [...drift.values()].flat()) reporter.info(line);
  let code = 0;
  if (failed.size > 0) {
    reporter.error(`${[...failed].join(", ")} failed; ${failed.size === 1 ? "its" : "their"} generated files were left as they were (${failed.size} of ${stale.length} API${stale.length === 1 ? "" : "s"} failed)`);
    code = 1;
  }
  if (typesChanged) {
    const problems = await typecheckFacade(projectRoot);
    if (problems.length > 0) {
      reporter.error(`the new types were written, but src/ or test/ no longer compiles against them:\n${problems.map((p) => `  ${p}`).join("\n")}`);
      writeAtomically(outDir, { [MANIFEST_FILE]: serializeManifest({ ...manifest, facade: "failed" }) });
      code = 1;
    }
  }
  if (changes.breaking && options.failOnBreaking) {
    reporter.error("the change report has breaking lines (see above); exiting 1 because of --fail-on-breaking");
    code = 1;
  }
  return code;
}

const isTypeScript = (/** @type {string} */ name) => name.endsWith(".ts");

/**
 * Whether any regenerated TypeScript output differs, for code that imports it, from the file it
 * replaces: the manifest records a hash of what each output means to code that imports it, comments
 * (and so descriptions) left out: the types' tokens (run/type-shape.js), the calls stage's text without
 * the spec's comments (stages/calls.js). Nothing old is read but to see that it is still what generate wrote.
 * An output without a recorded hash (a manifest from an older generate), missing, or edited since
 * counts as changed.
 * @param {import("../store/manifest.js").Manifest | undefined} previous
 * @param {string} outDir
 * @param {Array<{ api: { name: string }, result: { shapes: Record<string, string> } }>} regenerated
 */
function typesDiffer(previous, outDir, regenerated) {
  for (const { api, result } of regenerated) {
    const record = previous?.apis[api.name];
    for (const [name, shape] of Object.entries(result.shapes)) {
      if (record?.shapes?.[name] !== shape) return true;
      const file = path.join(outDir, name);
      if (!existsSync(file) || sha256(readFileSync(file)) !== record.outputs[name]) return true;
    }
  }
  return false;
}

/**
 * The package's main entry re-exports every API's client from here (src/index.ts), so adding a vendor needs no
 * hand-written line. Only APIs that have been generated are listed.
 * @param {string[]} names
 */
function clientsIndex(names) {
  return `/**
 * Generated by product-clients: every API's client, for the package's main entry point.
 * Do not edit: add an API under \`apis:\` in redocly.yaml and run \`npm run generate\`.
 */

${names.map((name) => `export * from "./${name}.client.js";`).join("\n")}
`;
}
