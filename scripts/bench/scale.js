// @ts-check
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PINNED_NODE } from "../cli/runtime.js";
import { emptyCache, inTurns, measure, seconds, table } from "./measure.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const OTS_CLI = path.join(repoRoot, "node_modules", "openapi-typescript", "bin", "cli.js");
const PINNED_VERSION = `v${existsSync(PINNED_NODE) ? JSON.parse(readFileSync(path.join(PINNED_NODE, "..", "..", "package.json"), "utf8")).version : "?"}`;
const bin = (/** @type {string} */ name) => path.join(repoRoot, "node_modules", ".bin", name);
const generate = path.join(repoRoot, "scripts", "generate.js");
const octokit = path.join(repoRoot, "node_modules", "@octokit", "openapi", "generated");
export const GITHUB_SPEC = path.join(octokit, "api.github.com.json");
// GitHub Enterprise Cloud's spec: a real, different document of the same size, for the diff row.
const GHEC_SPEC = path.join(octokit, "ghec.json");

// The project's own lint rules (redocly.yaml without its APIs): what a maintainer adding GitHub would run.
const PROJECT_RULES = readFileSync(path.join(repoRoot, "redocly.yaml"), "utf8").replace(/^apis:\n[\s\S]*$/m, "");
const GITHUB_CONFIG = `${PROJECT_RULES}apis:
  github@rest:
    root: ${GITHUB_SPEC}
`;
// Redocly's example validation, off by default (README, "Lint"), opted in: most of lint's cost on this spec.
const EXAMPLE_RULES = ["no-invalid-media-type-examples", "no-invalid-parameter-examples", "no-invalid-schema-examples"];

/**
 * Issue 5's comparison at scale (GitHub's 13 MB spec: our full pipeline vs openapi-typescript's
 * CLI alone vs @hey-api/openapi-ts with only its TypeScript plugin), how the cost grows with the
 * number of APIs, and issue 4's question: what diffing two such specs costs next to generating one.
 * Ours, openapi-typescript's CLI and hey-api on GitHub's spec (the rows the targets compare) run
 * `runs` times in turns (median); the other GitHub rows and the 16- and 64-API rows run once: each
 * takes from seconds to a minute.
 * Cache: every generate here is cold. The GitHub rows start each run with an empty cache of stage
 * results; the N-API rows run without one (PRODUCT_CLIENTS_CACHE=off), as their N copies of one spec
 * would otherwise be served each other's pieces, and the growth per API would be the cache's.
 * @param {{ runs: number, copies?: number[] }} options
 */
export function benchScale({ runs, copies = [1, 4, 16, 64] }) {
  const once = 1;
  const work = mkdtempSync(path.join(tmpdir(), "bench-scale-"));
  try {
    const github = path.join(work, "github");
    mkdirSync(github);
    writeFileSync(path.join(github, "redocly.yaml"), GITHUB_CONFIG);
    // On the Node that started the bench, without moving to the pinned one (scripts/cli/runtime.js).
    const here = emptyCache(path.join(github, "cache"));
    const oursHere = measure([[process.execPath, [generate, "--force", "--quiet", "--config", path.join(github, "redocly.yaml")]]], { cwd: github, runs: once, before: here.before, env: { ...here.env, PRODUCT_CLIENTS_NODE: "current" } });
    const lean = path.join(work, "github-examples");
    mkdirSync(lean);
    let withExamples = GITHUB_CONFIG;
    for (const rule of EXAMPLE_RULES) withExamples = withExamples.replace(new RegExp(`^  ${rule}: off$`, "m"), `  ${rule}: warn`);
    writeFileSync(path.join(lean, "redocly.yaml"), withExamples);
    const oursLean = measure([[process.execPath, [generate, "--force", "--quiet", "--config", path.join(lean, "redocly.yaml")]]], { cwd: lean, runs: once, ...emptyCache(path.join(lean, "cache")) });
    const cli = path.join(work, "cli");
    mkdirSync(cli);
    // The same CLI on the Node generate runs on: the comparison without the runtime's share.
    const otsPinned = existsSync(PINNED_NODE) ? measure([[PINNED_NODE, [OTS_CLI, GITHUB_SPEC, "-o", path.join(cli, "github.ts")]]], { cwd: cli, runs: once }) : undefined;
    // The rows the targets compare, in turns, so that a slow minute on this VM reaches each alike.
    const [ours, ots, hey] = inTurns(
      [
        () => measure([[process.execPath, [generate, "--force", "--quiet", "--config", path.join(github, "redocly.yaml")]]], { cwd: github, runs: once, ...emptyCache(path.join(github, "cache")) }),
        () => measure([[bin("openapi-typescript"), [GITHUB_SPEC, "-o", path.join(cli, "github.ts")]]], { cwd: cli, runs: once }),
        () => measure([[bin("openapi-ts"), ["-i", GITHUB_SPEC, "-o", path.join(cli, "hey"), "-p", "@hey-api/typescript", "--no-log-file", "-s"]]], { cwd: cli, runs: once }),
      ],
      runs,
    );
    const diff = measure([[process.execPath, [path.join(repoRoot, "scripts", "diff.js"), GITHUB_SPEC, GHEC_SPEC, "--json"]]], { cwd: work, runs });

    const rows = [
      ["GitHub spec: ours, full pipeline (bundle, lint, types, compile check, calls, validators, format, write)", seconds(ours.wallMs), ours.peakRssMb.toFixed(0), "1.00x"],
      [`GitHub spec: ours on this Node (${process.version}), PRODUCT_CLIENTS_NODE=current`, seconds(oursHere.wallMs), oursHere.peakRssMb.toFixed(0), ratio(ours.wallMs, oursHere.wallMs)],
      ["GitHub spec: ours, with Redocly's example-validation rules opted in", seconds(oursLean.wallMs), oursLean.peakRssMb.toFixed(0), ratio(ours.wallMs, oursLean.wallMs)],
      ["GitHub spec: openapi-typescript CLI alone (types, no lint or format)", seconds(ots.wallMs), ots.peakRssMb.toFixed(0), ratio(ours.wallMs, ots.wallMs)],
      ...(otsPinned ? [[`GitHub spec: openapi-typescript CLI on the pinned Node (${PINNED_VERSION})`, seconds(otsPinned.wallMs), otsPinned.peakRssMb.toFixed(0), ratio(ours.wallMs, otsPinned.wallMs)]] : []),
      ["GitHub spec: @hey-api/openapi-ts, @hey-api/typescript plugin only", seconds(hey.wallMs), hey.peakRssMb.toFixed(0), ratio(ours.wallMs, hey.wallMs)],
      ["npm run diff: api.github.com.json vs ghec.json (both 13 MB)", seconds(diff.wallMs), diff.peakRssMb.toFixed(0), ratio(ours.wallMs, diff.wallMs)],
    ];
    /** @type {Array<Array<string>>} */
    const growth = [];
    let base = 0;
    for (const n of copies) {
      const dir = path.join(work, `copies-${n}`);
      mkdirSync(dir);
      cpSync(path.join(repoRoot, "specs"), path.join(dir, "specs"), { recursive: true });
      // One overlay per copy, so that each gets a client name of its own (two APIs cannot share one).
      const overlay = readFileSync(path.join(repoRoot, "specs/overlays/solvapay.yaml"), "utf8");
      for (let i = 1; i <= n; i++) writeFileSync(path.join(dir, `specs/overlays/solvapay${i}.yaml`), overlay.replace("name: SolvaPay", `name: SolvaPay${i}`));
      const apis = Array.from({ length: n }, (_, i) => `  solvapay${i + 1}@1.0:\n    root: specs/solvapay.yaml\n    overlays:\n      - specs/overlays/solvapay${i + 1}.yaml\n`).join("");
      writeFileSync(path.join(dir, "redocly.yaml"), `${PROJECT_RULES}apis:\n${apis}`);
      const run = measure([[process.execPath, [generate, "--force", "--quiet", "--config", path.join(dir, "redocly.yaml")]]], { cwd: dir, runs: n >= 16 ? 1 : runs, env: { PRODUCT_CLIENTS_CACHE: "off" } });
      if (n === copies[0]) base = run.wallMs / n;
      growth.push([String(n), seconds(run.wallMs), `${(run.wallMs / n / 1000).toFixed(2)} s`, `${(run.wallMs / n / base).toFixed(2)}x`, run.peakRssMb.toFixed(0)]);
    }
    const otsRatio = ours.wallMs / ots.wallMs;
    const leanRatio = oursLean.wallMs / ots.wallMs;
    const heyRatio = hey.wallMs / ours.wallMs;
    return {
      title: `scale: GitHub's REST spec (13 MB) and many APIs (ours, openapi-typescript's CLI and hey-api on GitHub: median of ${runs} taken in turns; the other GitHub rows and 16+ APIs once; the rest median of ${runs})`,
      table: `${table(["run", "wall", "peak RSS (MB)", "vs ours"], rows)}\n\n${table(["APIs (SolvaPay's spec under N names)", "wall", "per API", "per API vs N=1", "peak RSS (MB)"], growth)}`,
      verdicts: [
        `full pipeline vs openapi-typescript CLI alone: ${otsRatio.toFixed(2)}x its wall time (target <= 1.5x): ${otsRatio <= 1.5 ? "met" : "missed"}; with example validation opted in: ${leanRatio.toFixed(2)}x`,
        ...(otsPinned ? [`the same on the pinned Node (both on ${PINNED_VERSION}): ${(ours.wallMs / otsPinned.wallMs).toFixed(2)}x`] : []),
        `@hey-api/openapi-ts vs ours: ours is ${heyRatio.toFixed(2)}x faster (target >= 3x): ${heyRatio >= 3 ? "met" : "missed"}`,
        `diffing two GitHub-size specs takes ${((diff.wallMs / ours.wallMs) * 100).toFixed(0)} % of generating one`,
      ],
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** @param {number} ours @param {number} theirs */
function ratio(ours, theirs) {
  return theirs >= ours ? `${(theirs / ours).toFixed(2)}x slower` : `${(ours / theirs).toFixed(2)}x faster`;
}
