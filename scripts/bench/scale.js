// @ts-check
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { measure, seconds, table } from "./measure.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const bin = (/** @type {string} */ name) => path.join(repoRoot, "node_modules", ".bin", name);
const generate = path.join(repoRoot, "scripts", "generate.js");
const octokit = path.join(repoRoot, "node_modules", "@octokit", "openapi", "generated");
export const GITHUB_SPEC = path.join(octokit, "api.github.com.json");
// GitHub Enterprise Cloud's spec: a real, different document of the same size, for the diff row.
const GHEC_SPEC = path.join(octokit, "ghec.json");

// GitHub's spec fails three of Redocly's recommended rules with errors (1,493 operations without
// security, 135 `nullable` without `type`, 2 identical paths); the bench lints with the rest.
const GITHUB_CONFIG = `extends:
  - recommended
rules:
  security-defined: off
  nullable-type-sibling: off
  no-identical-paths: off
apis:
  github@rest:
    root: ${GITHUB_SPEC}
`;

/**
 * Issue 5's comparison at scale (GitHub's 13 MB spec: our full pipeline vs openapi-typescript's
 * CLI alone vs @hey-api/openapi-ts with only its TypeScript plugin), how the cost grows with the
 * number of APIs, and issue 4's question: what diffing two such specs costs next to generating one.
 * The GitHub rows and the 16- and 64-API rows run once: each takes from seconds to a minute.
 * @param {{ runs: number, copies?: number[] }} options
 */
export function benchScale({ runs, copies = [1, 4, 16, 64] }) {
  const once = 1;
  const work = mkdtempSync(path.join(tmpdir(), "bench-scale-"));
  try {
    const github = path.join(work, "github");
    mkdirSync(github);
    writeFileSync(path.join(github, "redocly.yaml"), GITHUB_CONFIG);
    const ours = measure([[process.execPath, [generate, "--force", "--quiet", "--config", path.join(github, "redocly.yaml")]]], { cwd: github, runs: once });
    // Redocly's three example-validation rules are most of lint's cost on this spec (about 5 of 7 s).
    const lean = path.join(work, "github-lean");
    mkdirSync(lean);
    writeFileSync(path.join(lean, "redocly.yaml"), GITHUB_CONFIG.replace("rules:\n", "rules:\n  no-invalid-media-type-examples: off\n  no-invalid-parameter-examples: off\n  no-invalid-schema-examples: off\n"));
    const oursLean = measure([[process.execPath, [generate, "--force", "--quiet", "--config", path.join(lean, "redocly.yaml")]]], { cwd: lean, runs: once });
    const cli = path.join(work, "cli");
    mkdirSync(cli);
    const ots = measure([[bin("openapi-typescript"), [GITHUB_SPEC, "-o", path.join(cli, "github.ts")]]], { cwd: cli, runs: once });
    const hey = measure([[bin("openapi-ts"), ["-i", GITHUB_SPEC, "-o", path.join(cli, "hey"), "-p", "@hey-api/typescript", "--no-log-file", "-s"]]], { cwd: cli, runs: once });
    const diff = measure([[process.execPath, [path.join(repoRoot, "scripts", "diff.js"), GITHUB_SPEC, GHEC_SPEC, "--json"]]], { cwd: work, runs });

    const rows = [
      ["GitHub spec: ours, full pipeline (bundle, lint, types, validators, meta, format, write)", seconds(ours.wallMs), ours.peakRssMb.toFixed(0), "1.00x"],
      ["GitHub spec: ours, lint without Redocly's example-validation rules", seconds(oursLean.wallMs), oursLean.peakRssMb.toFixed(0), ratio(ours.wallMs, oursLean.wallMs)],
      ["GitHub spec: openapi-typescript CLI alone (types, no lint or format)", seconds(ots.wallMs), ots.peakRssMb.toFixed(0), ratio(ours.wallMs, ots.wallMs)],
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
      const apis = Array.from({ length: n }, (_, i) => `  solvapay${i + 1}@1.0:\n    root: specs/solvapay.yaml\n    overlays:\n      - specs/overlays/solvapay.yaml\n`).join("");
      writeFileSync(path.join(dir, "redocly.yaml"), `extends:\n  - recommended\napis:\n${apis}`);
      const run = measure([[process.execPath, [generate, "--force", "--quiet", "--config", path.join(dir, "redocly.yaml")]]], { cwd: dir, runs: n >= 16 ? 1 : runs });
      if (n === copies[0]) base = run.wallMs / n;
      growth.push([String(n), seconds(run.wallMs), `${(run.wallMs / n / 1000).toFixed(2)} s`, `${(run.wallMs / n / base).toFixed(2)}x`, run.peakRssMb.toFixed(0)]);
    }
    const otsRatio = ours.wallMs / ots.wallMs;
    const leanRatio = oursLean.wallMs / ots.wallMs;
    const heyRatio = hey.wallMs / ours.wallMs;
    return {
      title: `scale: GitHub's REST spec (13 MB) and many APIs (GitHub rows and 16+ APIs once; the rest median of ${runs})`,
      table: `${table(["run", "wall", "peak RSS (MB)", "vs ours"], rows)}\n\n${table(["APIs (SolvaPay's spec under N names)", "wall", "per API", "per API vs N=1", "peak RSS (MB)"], growth)}`,
      verdicts: [
        `full pipeline vs openapi-typescript CLI alone: ${otsRatio.toFixed(2)}x its wall time (target <= 1.5x): ${otsRatio <= 1.5 ? "met" : "missed"}; without example validation: ${leanRatio.toFixed(2)}x`,
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
