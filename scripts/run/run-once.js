// @ts-check
// One generate run (or --check): plan from hashes, then generate what is stale under the lock.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { readApis } from "../config/apis.js";
import { acquireLock } from "../store/lock.js";
import { MANIFEST_FILE, readManifest, serializeManifest, toolFingerprint } from "../store/manifest.js";
import { planRun } from "./plan.js";
import { createReporter } from "../cli/report.js";
import { recover, writeAtomically } from "../store/write-atomically.js";

/**
 * One generate (or --check) run.
 * @param {import("../cli/args.js").GenerateOptions} options
 * @param {ReturnType<typeof createReporter>} reporter
 */
export async function runOnce(options, reporter) {
  const configPath = path.resolve(options.config);
  const outDir = path.join(path.dirname(configPath), "generated");
  const { apis, projectRoot, configFile, record } = await readApis(configPath, readManifest(outDir)?.config);
  const tools = toolFingerprint();
  const plan = () => planRun({ apis, projectRoot, configFile, outDir, tools, manifest: readManifest(outDir) });

  if (options.check) {
    const { plans, extras, interrupted, manifestMissing, facadeFailed } = plan();
    const manifestExists = existsSync(path.join(outDir, MANIFEST_FILE));
    const lines = [
      ...(interrupted ? ["interrupted: generated/ holds a commit a killed run did not finish (npm run generate completes it)"] : []),
      ...(manifestMissing
        ? [manifestExists ? "unreadable: generated/manifest.json (not a manifest generate wrote; npm run generate rewrites it)" : "missing: generated/manifest.json"]
        : []),
      ...(facadeFailed ? ["failed: src/ or test/ did not compile against generated/ at the last run (npm run generate checks again)"] : []),
      // A half-committed run explains its files' state; listing each as stale or hand-edited would mislead.
      ...(interrupted ? [] : plans.flatMap((p) => p.reasons)),
      ...extras.map((name) => `extra: generated/${name} (no API in ${configFile} produces it)`),
    ];
    if (lines.length === 0) {
      upToDate(apis.length, options, reporter);
      return 0;
    }
    reporter.error(`generated/ is out of date; run npm run generate:\n${lines.map((l) => `  ${l}`).join("\n")}`);
    return 1;
  }

  // --lint-details prints the advisory findings of every API as generated/ now holds them.
  const done = (/** @type {number} */ code) => {
    if (options.lintDetails && code === 0) printLintDetails(apis, outDir, reporter);
    return code;
  };
  const quick = plan();
  if (!options.force && isClean(quick)) {
    if (quick.facadeFailed) return done(await recheckFacade(projectRoot, outDir, reporter));
    upToDate(apis.length, options, reporter);
    return done(0);
  }
  mkdirSync(outDir, { recursive: true });
  const release = await acquireLock(path.join(outDir, ".generate.lock"));
  try {
    if (recover(outDir)) reporter.info("completed a commit that an interrupted run left in generated/");
    // Another run may have done the work while this one waited for the lock.
    const current = plan();
    if (!options.force && isClean(current)) {
      upToDate(apis.length, options, reporter);
      return done(0);
    }
    const stale = current.plans.filter((p) => options.force || p.reasons.length > 0).map((p) => p.api);
    const { generateAll } = await import("./generate-all.js");
    return done(await generateAll({ apis, configRecord: record, stale, extras: current.extras, projectRoot, configPath, configFile, outDir, tools, options, reporter }));
  } finally {
    release();
  }
}

/**
 * generated/ is current, but src/ or test/ did not compile against it last time: check again, and
 * clear the mark once they do.
 * @param {string} projectRoot
 * @param {string} outDir
 * @param {ReturnType<typeof createReporter>} reporter
 */
async function recheckFacade(projectRoot, outDir, reporter) {
  const { typecheckFacade } = await import("./typecheck-facade.js");
  const problems = await typecheckFacade(projectRoot);
  if (problems.length > 0) {
    reporter.error(`generated/ is up to date, but src/ or test/ still does not compile against it:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    return 1;
  }
  const release = await acquireLock(path.join(outDir, ".generate.lock"));
  try {
    const manifest = readManifest(outDir);
    if (manifest?.facade === "failed") {
      delete manifest.facade;
      writeAtomically(outDir, { [MANIFEST_FILE]: serializeManifest(manifest) });
    }
  } finally {
    release();
  }
  reporter.info("generated/ is up to date, and src/ and test/ compile against it again");
  return 0;
}

/**
 * @param {number} count
 * @param {{ quiet: boolean }} options
 * @param {{ info(text: string): void }} reporter
 */
function upToDate(count, options, reporter) {
  // --quiet prints problems only; "nothing to do" is not one.
  if (!options.quiet) reporter.info(`generated/ is up to date (${count} API${count === 1 ? "" : "s"})`);
}

/**
 * @param {Array<{ name: string }>} apis
 * @param {string} outDir
 * @param {{ info(text: string): void }} reporter
 */
function printLintDetails(apis, outDir, reporter) {
  for (const { name } of apis) {
    const findings = readFileSync(path.join(outDir, `${name}.lint.txt`), "utf8").split("\n").filter((line) => line !== "" && !line.startsWith("#"));
    reporter.info(`${name}: ${findings.length} advisory lint finding${findings.length === 1 ? "" : "s"}${findings.length ? ":" : ""}`);
    for (const line of findings) reporter.info(`  ${line}`);
  }
}

/** @param {ReturnType<typeof planRun>} plan */
function isClean(plan) {
  return !plan.interrupted && !plan.manifestMissing && plan.extras.length === 0 && plan.plans.every((p) => p.reasons.length === 0);
}

