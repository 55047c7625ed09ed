// @ts-check
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { emptyCache, measure, seconds, table } from "./measure.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const bin = (/** @type {string} */ name) => path.join(repoRoot, "node_modules", ".bin", name);

/**
 * Issue 2's comparison: our one-process pipeline against the same steps as separate CLI processes
 * (redocly lint, openapi-typescript, prettier --write) per API, and the no-op run.
 * Cache: the cold rows run with an empty cache of stage results each time; the no-op rows run no
 * stage, so the cache does not enter them.
 * @param {{ runs: number }} options
 */
export function benchGenerate({ runs }) {
  const work = mkdtempSync(path.join(tmpdir(), "bench-generate-"));
  try {
    cpSync(path.join(repoRoot, "redocly.yaml"), path.join(work, "redocly.yaml"));
    cpSync(path.join(repoRoot, "specs"), path.join(work, "specs"), { recursive: true });
    cpSync(path.join(repoRoot, "generated"), path.join(work, "generated"), { recursive: true });
    const config = path.join(work, "redocly.yaml");
    const generate = path.join(repoRoot, "scripts", "generate.js");

    const ours = measure([[process.execPath, [generate, "--force", "--quiet", "--config", config]]], { cwd: work, runs, ...emptyCache(path.join(work, "cache")) });
    // The same on the Node that started it, without moving to the pinned one (scripts/cli/runtime.js): what the switch gains.
    const cold = emptyCache(path.join(work, "cache"));
    const oursHere = measure([[process.execPath, [generate, "--force", "--quiet", "--config", config]]], { cwd: work, runs, before: cold.before, env: { ...cold.env, PRODUCT_CLIENTS_NODE: "current" } });
    // The CLI chain reads the bundled specs (overlays applied), so it lints and types the same documents.
    const chainDir = path.join(work, "chain");
    cpSync(path.join(work, "generated"), chainDir, { recursive: true });
    const chain = measure(
      ["chatdash", "solvapay"].flatMap((api) => /** @type {Array<[string, string[]]>} */ ([
        [bin("redocly"), ["lint", `${api}.bundled.json`, "--format", "summary"]],
        [bin("openapi-typescript"), [`${api}.bundled.json`, "-o", `${api}.ts`, "--empty-objects-unknown", "--root-types"]],
        [bin("prettier"), ["--write", `${api}.ts`]],
      ])),
      { cwd: chainDir, runs, env: { BENCH_ALLOW_FAILURE: "1" } },
    );
    const noop = measure([[process.execPath, [generate, "--config", config]]], { cwd: work, runs: Math.max(runs, 5) });
    const noopNpm = measure([["npm", ["run", "-s", "generate", "--", "--config", config]]], { cwd: repoRoot, runs: Math.max(runs, 5) });

    const rows = [
      ["cold: node scripts/generate.js --force (2 APIs)", seconds(ours.wallMs), ours.peakRssMb.toFixed(0), "1.00x"],
      [`cold: the same on this Node (${process.version}), PRODUCT_CLIENTS_NODE=current`, seconds(oursHere.wallMs), oursHere.peakRssMb.toFixed(0), `${(oursHere.wallMs / ours.wallMs).toFixed(2)}x slower`],
      ["cold: CLI chain, 3 processes per API (6 in all)", seconds(chain.wallMs), chain.peakRssMb.toFixed(0), `${(chain.wallMs / ours.wallMs).toFixed(2)}x slower`],
      ["no-op: node scripts/generate.js", seconds(noop.wallMs), noop.peakRssMb.toFixed(0), ""],
      ["no-op: npm run generate (npm's own start included)", seconds(noopNpm.wallMs), noopNpm.peakRssMb.toFixed(0), ""],
    ];
    return {
      title: `generate: ours vs the CLI chain (median of ${runs} runs; no-op of ${Math.max(runs, 5)})`,
      table: table(["run", "wall", "peak RSS (MB)", "vs ours"], rows),
      verdicts: [
        `cold speed-up over the CLI chain: ${(chain.wallMs / ours.wallMs).toFixed(2)}x (target >= 3x): ${chain.wallMs / ours.wallMs >= 3 ? "met" : "missed"}`,
        `no-op node scripts/generate.js: ${seconds(noop.wallMs)} (target < 0.30 s): ${noop.wallMs < 300 ? "met" : "missed"}`,
      ],
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
