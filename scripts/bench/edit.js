// @ts-check
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inTurns, measure, seconds, table } from "./measure.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const bin = (/** @type {string} */ name) => path.join(repoRoot, "node_modules", ".bin", name);
const OVERLAY = path.join("specs", "overlays", "solvapay.yaml");
const DESCRIBED = "        description: Secret key, `sk_sandbox_...` or `sk_live_...`\n";
const TARGET = 0.5;

/**
 * Issue 11's maintainer loop: edit one description in SolvaPay's overlay and run generate, next to
 * the CLI chain for that one API. The copy holds src/, test/ and tsconfig.json, so generate decides
 * (and, where the types changed, runs) its type-check of them as in the repository.
 * Cache: warm, as in a maintainer's working copy: each generate finds the cache of stage results
 * the previous one filled. It is kept in the copy (PRODUCT_CLIENTS_CACHE), not in the repository's
 * node_modules that the copy links to, so that neither the repository's runs nor an earlier bench
 * fill it.
 * @param {{ runs: number }} options
 */
export function benchEdit({ runs }) {
  const work = mkdtempSync(path.join(tmpdir(), "bench-edit-"));
  try {
    for (const entry of ["redocly.yaml", "package.json", "tsconfig.json", "specs", "generated", "src", "test", "scripts"]) {
      cpSync(path.join(repoRoot, entry), path.join(work, entry), { recursive: true });
    }
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(work, "node_modules"), "dir");
    const config = path.join(work, "redocly.yaml");
    const script = path.join(repoRoot, "scripts", "generate.js");
    const generate = [process.execPath, [script, "--quiet", "--config", config]];
    const env = { PRODUCT_CLIENTS_CACHE: path.join(work, "cache") };
    const overlay = readFileSync(path.join(work, OVERLAY), "utf8");
    if (!overlay.includes(DESCRIBED)) throw new Error(`${OVERLAY} no longer has the description this bench edits`);
    let edits = 0;
    // A new text each run: the same edit twice would make the second run a no-op.
    const editDescription = () =>
      writeFileSync(path.join(work, OVERLAY), overlay.replace(DESCRIBED, DESCRIBED.replace("`sk_live_...`", `\`sk_live_...\` (edit ${++edits})`)));
    // An optional property added to a response schema: the types change, so src/ and test/ are checked.
    const editType = () =>
      writeFileSync(
        path.join(work, OVERLAY),
        `${overlay}  - target: $.components.schemas.SdkProductResponse.properties\n    update:\n      benchNote${++edits}:\n        type: string\n`,
      );
    // The first generate in the copy settles anything the copy itself changes (paths in stamps are relative);
    // --force, so that it also fills the copy's empty cache with the unedited specs' results.
    measure([[process.execPath, [script, "--force", "--quiet", "--config", config]]], { cwd: work, runs: 1, env });

    // The same edit with Redocly loaded from its package rather than its one-file copy (scripts/store/one-file-copy.js),
    // in turns with the row above: what the copy is worth where the bundling worker is the critical path.
    const [described, fromPackage] = inTurns(
      [
        () => measure([/** @type {[string, string[]]} */ (generate)], { cwd: work, runs: 1, before: editDescription, env }),
        () => measure([/** @type {[string, string[]]} */ (generate)], { cwd: work, runs: 1, before: editDescription, env: { ...env, PRODUCT_CLIENTS_REDOCLY_COPY: "off" } }),
      ],
      runs,
    );
    const typed = measure([/** @type {[string, string[]]} */ (generate)], { cwd: work, runs, before: editType, env });
    // The chain works on the bundled spec (overlays applied), as in the generate suite.
    const chainDir = path.join(work, "chain");
    cpSync(path.join(work, "generated"), chainDir, { recursive: true });
    const chain = measure(
      [
        [bin("redocly"), ["lint", "solvapay.bundled.json", "--format", "summary"]],
        [bin("openapi-typescript"), ["solvapay.bundled.json", "-o", "solvapay.ts", "--empty-objects-unknown", "--root-types"]],
        [bin("prettier"), ["--write", "solvapay.ts"]],
      ],
      { cwd: chainDir, runs, env: { BENCH_ALLOW_FAILURE: "1" } },
    );
    const ratio = described.wallMs / chain.wallMs;
    const rows = [
      ["edit one description in the SolvaPay overlay, node scripts/generate.js", seconds(described.wallMs), described.peakRssMb.toFixed(0), `${ratio.toFixed(2)}x`],
      ["the same, Redocly loaded from its package, not its one-file copy (PRODUCT_CLIENTS_REDOCLY_COPY=off)", seconds(fromPackage.wallMs), fromPackage.peakRssMb.toFixed(0), `${(fromPackage.wallMs / chain.wallMs).toFixed(2)}x`],
      ["add one property to a SolvaPay schema (types change: src/ and test/ checked)", seconds(typed.wallMs), typed.peakRssMb.toFixed(0), `${(typed.wallMs / chain.wallMs).toFixed(2)}x`],
      ["CLI chain for SolvaPay: redocly lint, openapi-typescript, prettier --write", seconds(chain.wallMs), chain.peakRssMb.toFixed(0), "1.00x"],
    ];
    return {
      title: `edit: one change and regenerate, next to the CLI chain for that API (median of ${runs} runs; the first two rows taken in turns)`,
      table: table(["run", "wall", "peak RSS (MB)", "vs the CLI chain"], rows),
      verdicts: [
        `edit one description and regenerate: ${ratio.toFixed(2)}x the CLI chain (target <= ${TARGET}x): ${ratio <= TARGET ? "met" : "missed"}`,
        `Redocly's one-file copy on that edit: ${(fromPackage.wallMs / described.wallMs).toFixed(2)}x (package / copy)`,
      ],
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
