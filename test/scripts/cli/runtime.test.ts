import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, test } from "vitest";
import { PINNED_NODE, pinnedNode, reportDone, runOn } from "../../../scripts/cli/runtime.js";
import { generateScript, tempProject } from "../../helpers/temp-project.js";
import { eventually } from "../../helpers/eventually.js";

const scratch = mkdtempSync(path.join(tmpdir(), "product-clients-runtime-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("pinnedNode", () => {
  const installed = path.join(scratch, "node");
  writeFileSync(installed, "");
  const missing = path.join(scratch, "missing");

  test.each([
    ["an older Node, the pinned one installed", {}, "20.20.2", installed, installed],
    ["the pinned one not installed (another platform)", {}, "20.20.2", missing, undefined],
    ["already on Node 26", {}, "26.10.0", installed, undefined],
    ["a newer Node", {}, "27.0.0", installed, undefined],
    ["PRODUCT_CLIENTS_NODE=current", { PRODUCT_CLIENTS_NODE: "current" }, "20.20.2", installed, undefined],
    ["PRODUCT_CLIENTS_NODE=pinned", { PRODUCT_CLIENTS_NODE: "pinned" }, "20.20.2", installed, installed],
    ["PRODUCT_CLIENTS_NODE empty", { PRODUCT_CLIENTS_NODE: "" }, "20.20.2", installed, installed],
    ["started with --inspect (a debugger attaches to this process)", { execArgv: ["--inspect-brk"] }, "20.20.2", installed, undefined],
    ["NODE_OPTIONS=--inspect", { NODE_OPTIONS: "--require x.cjs --inspect=9230" }, "20.20.2", installed, undefined],
    ["other flags", { execArgv: ["--max-old-space-size=4096"], NODE_OPTIONS: "--require x.cjs" }, "20.20.2", installed, installed],
    ["a Mac, where npm installs node-26 (Linux's binary) all the same", { platform: "darwin-arm64" }, "20.20.2", installed, undefined],
  ])("%s", (_, { execArgv = [], platform = "linux-x64", ...env }: Record<string, any>, version, pinned, want) => {
    expect(pinnedNode({ env, version, execArgv, platform, pinned })).toBe(want);
  });

  test("any other setting is refused with exit code 2, naming the variable and the value", () => {
    expect(() => pinnedNode({ env: { PRODUCT_CLIENTS_NODE: "node26" }, version: "20.20.2", pinned: installed })).toThrow(
      'PRODUCT_CLIENTS_NODE must be "pinned" or "current", not "node26"',
    );
    try {
      pinnedNode({ env: { PRODUCT_CLIENTS_NODE: "node26" } });
    } catch (error) {
      expect((error as { exitCode: number }).exitCode).toBe(2);
    }
  });

  test("on this machine (CI's: Linux x64), npm ci installed the pinned Node and generate moves to it", () => {
    expect(`${process.platform}-${process.arch}`).toBe("linux-x64");
    expect(existsSync(PINNED_NODE)).toBe(true);
    expect(pinnedNode({ env: {}, version: "20.20.2", execArgv: [] })).toBe(PINNED_NODE);
  });
});

describe("node scripts/generate.js on an older Node", () => {
  // Each Node process (and worker thread) the command starts appends its version and pid to a file.
  const reporter = path.join(scratch, "report-version.cjs");
  writeFileSync(
    reporter,
    'require("node:fs").appendFileSync(process.env.VERSIONS_FILE, `${process.version}${require("node:worker_threads").isMainThread ? "" : " worker"} ${process.pid}\\n`);\n',
  );
  let count = 0;
  const withReporter = (env: Record<string, string>) => {
    const file = path.join(scratch, `versions-${count++}`);
    return { file, env: { ...process.env, ...env, VERSIONS_FILE: file, NODE_OPTIONS: `--require ${reporter}` } };
  };
  const started = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").map((line) => line.split(" ").slice(0, -1).join(" ")) : []);
  const run = (args: string[], env: Record<string, string> = {}) => {
    const { file, env: withVersions } = withReporter(env);
    const result = spawnSync(process.execPath, [generateScript, ...args], { encoding: "utf8", env: withVersions });
    return { ...result, started: started(file) };
  };

  it("moves to the pinned Node, workers included, with the same outputs", () => {
    // What this describes needs a test run on an older Node (CI's Node 20).
    expect(Number(process.versions.node.split(".")[0])).toBeLessThan(26);
    const project = tempProject();
    try {
      const before = project.snapshot();
      const result = run(["--config", project.config, "--force", "--quiet"]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(result.started.filter((v) => v === process.version)).toHaveLength(1);
      expect(result.started).toContain("v26.10.0");
      expect(result.started).toContain("v26.10.0 worker");
      expect(result.started.filter((v) => !v.startsWith("v26.") && v !== process.version)).toEqual([]);
      // The committed outputs, byte for byte.
      expect(project.snapshot()).toEqual(before);
    } finally {
      project.remove();
    }
  });

  it("stays on this Node with PRODUCT_CLIENTS_NODE=current", () => {
    const result = run(["--help"], { PRODUCT_CLIENTS_NODE: "current" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("usage: npm run generate");
    expect(result.started).toEqual([process.version]);
  });

  it("passes on the exit code and the output of a refused command, printed once", () => {
    const result = run(["--froce"]);
    expect(result.status).toBe(2);
    expect(result.stderr.match(/unknown option '--froce'/g)).toHaveLength(1);
    expect(result.stdout).toBe("");
  });

  it("refuses an unknown PRODUCT_CLIENTS_NODE with exit code 2, naming it, without a stack trace", () => {
    const result = run(["--help"], { PRODUCT_CLIENTS_NODE: "26" });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('error: PRODUCT_CLIENTS_NODE must be "pinned" or "current", not "26"\n');
    expect(result.started).toEqual([process.version]);
  });

  it("runs here, saying why, when Node 26 refuses a flag that this Node takes (NODE_OPTIONS=--trace-atomics-wait)", () => {
    const project = tempProject();
    try {
      const { file, env } = withReporter({});
      const result = spawnSync(process.execPath, [generateScript, "--config", project.config], {
        encoding: "utf8",
        env: { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS} --trace-atomics-wait` },
      });
      expect(result.stderr).toContain("--trace-atomics-wait is not allowed in NODE_OPTIONS");
      expect(result.stderr).toContain("ended before it ran generate (exit code 9); running on this Node");
      expect(result.stdout).toBe("generated/ is up to date (2 APIs)\n");
      expect(result.status).toBe(0);
      expect(started(file)).toEqual([process.version]);
    } finally {
      project.remove();
    }
  });

  it("passes SIGTERM on, and ends of it as the run did; SIGINT to it alone stops --watch", async () => {
    const project = tempProject();
    try {
      const run = spawn(process.execPath, [generateScript, "--config", project.config, "--force", "--no-cache"], { stdio: "ignore", env: { ...process.env } });
      const ended = new Promise<[number | null, string | null]>((resolve) => run.on("exit", (code, signal) => resolve([code, signal])));
      await new Promise((r) => setTimeout(r, 500));
      run.kill("SIGTERM");
      expect(await ended).toEqual([null, "SIGTERM"]);

      const watching = spawn(process.execPath, [generateScript, "--config", project.config, "--watch"], { stdio: ["ignore", "pipe", "ignore"] });
      let stdout = "";
      watching.stdout.on("data", (d) => (stdout += d));
      const stopped = new Promise<number | null>((resolve) => watching.on("exit", (code) => resolve(code)));
      await eventually(() => stdout.includes("watching"), "the watch to start");
      watching.kill("SIGINT");
      expect(await stopped).toBe(0);
    } finally {
      project.remove();
    }
  });

  it("a kill it cannot pass on (SIGKILL) ends the run it started too", async () => {
    const project = tempProject();
    const { file, env } = withReporter({});
    const child = spawn(process.execPath, [generateScript, "--config", project.config, "--watch"], { stdio: ["ignore", "pipe", "pipe"], env });
    try {
      let stdout = "";
      child.stdout.on("data", (d) => (stdout += d));
      await eventually(() => stdout.includes("watching"), "the watch to start");
      const pinned = readFileSync(file, "utf8").split("\n").find((line) => line.startsWith("v26.10.0 "));
      const pid = Number(pinned?.split(" ")[1]);
      expect(pid).toBeGreaterThan(0);
      expect(() => process.kill(pid, 0)).not.toThrow();
      child.kill("SIGKILL");
      await eventually(() => !alive(pid), "the pinned Node's process to end");
    } finally {
      child.kill("SIGKILL");
      project.remove();
    }
  });
});

describe("runOn", () => {
  // A stand-in for generate.js: says it started, and writes the V8 flags it was given.
  const probe = path.join(scratch, "probe.mjs");
  writeFileSync(
    probe,
    `import { writeFileSync } from "node:fs";\nimport { exitWithParent } from ${JSON.stringify(new URL("../../../scripts/cli/runtime.js", import.meta.url).href)};\nexitWithParent();\nwriteFileSync(process.env.PROBE_OUT, JSON.stringify({ execArgv: process.execArgv, options: process.env.NODE_OPTIONS ?? "" }));\n`,
  );
  let count = 0;
  const flagsOf = async (nodeOptions: string | undefined) => {
    const out = path.join(scratch, `probe-${count++}.json`);
    const saved = { ...process.env };
    process.env.PROBE_OUT = out;
    if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = nodeOptions;
    try {
      expect(await runOn(PINNED_NODE, [], { script: probe })).toBe(0);
    } finally {
      process.env = saved;
    }
    return JSON.parse(readFileSync(out, "utf8")) as { execArgv: string[]; options: string };
  };

  it("ends with the run's code once the child reports it done, without waiting for the child to end", async () => {
    const lingering = path.join(scratch, "lingering.mjs");
    const pidFile = path.join(scratch, "lingering.pid");
    writeFileSync(
      lingering,
      `import { writeFileSync } from "node:fs";\nimport { exitWithParent, reportDone } from ${JSON.stringify(new URL("../../../scripts/cli/runtime.js", import.meta.url).href)};\nexitWithParent();\nwriteFileSync(${JSON.stringify(pidFile)}, String(process.pid));\nreportDone(3);\nsetTimeout(() => {}, 30_000);\n`,
    );
    expect(await runOn(PINNED_NODE, [], { script: lingering })).toBe(3);
    const pid = Number(readFileSync(pidFile, "utf8"));
    try {
      // Still there: a report of done is the end of the run, not of the process (here it waits 30 s).
      expect(alive(pid)).toBe(true);
    } finally {
      process.kill(pid, "SIGKILL");
    }
    // Outside the process runOn started, it says nothing (no channel, no marker).
    expect(() => reportDone(0)).not.toThrow();
  });

  it("starts the pinned Node with Node 20's young generation and V8 threads for this machine, each unless the caller chose it", async () => {
    const defaults = (await flagsOf(undefined)).execArgv;
    expect(defaults).toContain("--max-semi-space-size=16");
    expect(defaults).toContain("--v8-pool-size=0");
    const chosen = await flagsOf("--max-semi-space-size=64 --v8_pool_size=4");
    // The caller's values reach the child through NODE_OPTIONS; ours are not added to override them.
    expect(chosen.execArgv.filter((flag) => flag.startsWith("--max-semi-space-size") || flag.startsWith("--v8-pool-size"))).toEqual([]);
    expect(chosen.options).toBe("--max-semi-space-size=64 --v8_pool_size=4");
    // One chosen, the other still added.
    const one = (await flagsOf("--v8-pool-size=2")).execArgv;
    expect(one).toContain("--max-semi-space-size=16");
    expect(one.filter((flag) => flag.startsWith("--v8-pool-size"))).toEqual([]);
  });

  it("reports a binary that ends before it runs generate, and leaves the run to this Node", async () => {
    const fake = path.join(scratch, "fake-node");
    writeFileSync(fake, "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    const reported: string[] = [];
    expect(await runOn(fake, ["--check"], { script: generateScript, report: (line) => reported.push(line) })).toBeUndefined();
    expect(reported).toEqual([`generate: ${fake} ended before it ran generate (exit code 0); running on this Node (${process.version}) instead. PRODUCT_CLIENTS_NODE=current skips the attempt.`]);
    reported.length = 0;
    expect(await runOn(path.join(scratch, "no-such-node"), [], { script: generateScript, report: (line) => reported.push(line) })).toBeUndefined();
    expect(reported[0]).toMatch(/no-such-node ended before it ran generate \(spawn .*ENOENT\)/);
  });
});

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

