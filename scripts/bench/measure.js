// @ts-check
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isAlive } from "../store/lock.js";

const rssReporter = fileURLToPath(new URL("./report-rss.cjs", import.meta.url));

/**
 * Runs a list of commands (one "job", e.g. the three CLI steps of a chain) `runs` times and returns
 * the median wall time of the whole job and the peak RSS of any Node process it started.
 * @param {Array<[string, string[]]>} commands
 * @param {{ cwd: string, runs?: number, before?: () => void, env?: Record<string, string> }} options
 */
export function measure(commands, { cwd, runs = 3, before, env = {} }) {
  const walls = [];
  let peakKb = 0;
  for (let i = 0; i < runs; i++) {
    before?.();
    const dir = mkdtempSync(path.join(tmpdir(), "bench-rss-"));
    const rssFile = path.join(dir, "rss");
    const started = process.hrtime.bigint();
    for (const [command, args] of commands) {
      const result = spawnSync(command, args, {
        cwd,
        encoding: "utf8",
        // Redocly's CLI otherwise reports usage to its servers after each command (and waits up to 1 s for them):
        // a bench contacts no host, and the chain's time must not include that wait.
        env: { ...process.env, REDOCLY_TELEMETRY: "off", ...env, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `--require ${rssReporter}` },
      });
      if (result.error) throw result.error;
      if (result.status !== 0 && !env.BENCH_ALLOW_FAILURE) {
        throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
      }
    }
    walls.push(Number(process.hrtime.bigint() - started) / 1e6);
    for (const kb of peaksOf(rssFile)) peakKb = Math.max(peakKb, kb);
    rmSync(dir, { recursive: true, force: true });
  }
  return { wallMs: median(walls), peakRssMb: peakKb / 1024, runs };
}

/**
 * Measures jobs in turns (A, B, C, A, B, C, ...) for `rounds` rounds, so that this machine's drift in
 * speed, which moves single runs minutes apart by 10-30 %, reaches each alike: each job's median wall
 * time and the peak RSS of all its runs.
 * @template {Array<() => { wallMs: number, peakRssMb: number }>} T
 * @param {[...T]} jobs each measures one run (`measure` with `runs: 1`)
 * @param {number} rounds
 * @returns {{ [K in keyof T]: { wallMs: number, peakRssMb: number, runs: number } }} one result per job, in order
 */
export function inTurns(jobs, rounds) {
  /** @type {Array<Array<{ wallMs: number, peakRssMb: number }>>} */
  const results = jobs.map(() => []);
  for (let round = 0; round < rounds; round++) jobs.forEach((job, i) => results[i]?.push(job()));
  return /** @type {any} */ (results.map((list) => ({ wallMs: median(list.map((r) => r.wallMs)), peakRssMb: Math.max(...list.map((r) => r.peakRssMb)), runs: rounds })));
}

/**
 * The peak RSS (kB) of each Node process a job started, read from report-rss.cjs's lines once every
 * process that noted its start has noted its exit or is gone (killed): a process may outlive the job's
 * command by a moment (generate's Node 26 after the Node 20 that started it).
 * @param {string} file
 * @returns {number[]}
 */
function peaksOf(file) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return []; // No Node process started.
    }
    const lines = text.trim().split("\n").map((line) => line.split(" "));
    const ended = new Map(lines.filter(([kind]) => kind === "rss").map(([, pid, kb]) => [pid, Number(kb)]));
    const running = lines.filter(([kind, pid]) => kind === "start" && !ended.has(/** @type {string} */ (pid)) && isAlive(Number(pid)));
    if (running.length === 0 || Date.now() > deadline) return [...ended.values()];
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

/** The middle value (the upper of the two middle ones for an even count). @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return /** @type {number} */ (sorted[Math.floor(sorted.length / 2)]);
}

/**
 * Prints rows as a Markdown table (it reads in a terminal and pastes into BENCHMARKS.md).
 * @param {string[]} header
 * @param {Array<Array<string | number>>} rows
 */
export function table(header, rows) {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (/** @type {string[]} */ r) => `| ${r.map((c, i) => c.padEnd(/** @type {number} */ (widths[i]))).join(" | ")} |`;
  return [line(header), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map((r) => line(r.map(String)))].join("\n");
}

/** @param {number} ms */
export const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

/**
 * For a cold row: generate's cache of stage results (PRODUCT_CLIENTS_CACHE) in `dir`, emptied before
 * each run, so that no run is served by an earlier one (or by an earlier bench). Empty rather than
 * off: a first run writes its entries, and that cost belongs to cold.
 * @param {string} dir
 * @returns {{ env: Record<string, string>, before: () => void }} options for measure
 */
export function emptyCache(dir) {
  return { env: { PRODUCT_CLIENTS_CACHE: dir }, before: () => rmSync(dir, { recursive: true, force: true }) };
}
