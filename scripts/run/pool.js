// @ts-check
import os from "node:os";
import { Worker } from "node:worker_threads";
import { GenerateError } from "../report/errors.js";

const workerUrl = new URL("./worker.js", import.meta.url);
/**
 * Heap (bytes) above which a worker is replaced after its task; small specs never reach it. On Node 26 the
 * validators worker ended GitHub's spec at 234 MB in a traced run, under the 256 MB this was: at 192 MB it is replaced too,
 * and peak memory fell from 851-882 MB to 830-843 MB cold and from 907-938 MB to 775-824 MB on the
 * refresh, at the same speed (alternated runs).
 */
const RECYCLE_ABOVE = 192 * 2 ** 20;

/**
 * Runs pipeline stages on worker threads, at most one per CPU, so that Redocly, TypeScript and
 * prettier load in parallel and large APIs (or many) use every core. Tasks queue in order; an
 * idle worker that already ran a task of the same kind is preferred, since it has the libraries
 * for it loaded.
 * @param {{ size?: number, recycleAbove?: number, url?: URL }} [options] `recycleAbove`: see `retire`; `url`: the
 *   worker's script (tests give one that crashes)
 */
export function createPool({ size = os.availableParallelism(), recycleAbove = RECYCLE_ABOVE, url = workerUrl } = {}) {
  /** @type {Array<{ worker: Worker, busy: boolean, preloading: boolean, kinds: Set<string> }>} */
  const workers = [];
  /** @typedef {{ kind: string, payload: unknown, resolve: (v: any) => void, reject: (e: unknown) => void, onEarly?: (early: any) => void }} Job */
  /** @type {Job[]} */
  const queue = [];
  /** @type {Map<number, Job & { slot: (typeof workers)[number] }>} */
  const pending = new Map();
  let nextId = 0;
  let closed = false;
  let started = 0;

  const spawn = () => {
    const slot = { worker: new Worker(url), busy: false, preloading: false, kinds: new Set() };
    started++;
    slot.worker.on("message", ({ id, result, error, early, heapUsed }) => {
      const job = pending.get(id);
      if (!job) return;
      if (early !== undefined) {
        job.onEarly?.(early);
        return;
      }
      pending.delete(id);
      slot.busy = false;
      slot.preloading = false;
      if (heapUsed > recycleAbove) retire(slot);
      if (error) job.reject(revive(error));
      else job.resolve(result);
      dispatch();
    });
    // A worker that crashes (out of memory, an error outside a task) or exits fails the job it had, and is
    // replaced: left in the pool as busy, it would hold back every later job of the kinds it had loaded.
    const lost = (/** @type {Error} */ error) => {
      for (const [id, job] of pending) {
        if (job.slot !== slot) continue;
        pending.delete(id);
        job.reject(error);
      }
      if (!closed && workers.includes(slot)) {
        retire(slot);
        dispatch();
      }
    };
    slot.worker.on("error", lost);
    slot.worker.on("exit", (code) => lost(new Error(`a pipeline worker stopped (exit code ${code})`)));
    workers.push(slot);
    return slot;
  };

  /**
   * Where a job should run: an idle worker that has loaded its libraries; else any idle worker,
   * except that Redocly (0.6 s to load) is not loaded a second time while one worker has it and
   * no second bundle is waiting: the other worker is better used on types and formatting.
   * @param {Job} job
   */
  const pick = (job) => {
    const idle = workers.filter((w) => !w.busy);
    const warm = idle.find((w) => w.kinds.has(job.kind));
    if (warm) return warm;
    // A worker still loading this kind's libraries will be free sooner than another could load them (0.2-0.3 s).
    // (A preload itself never waits: each idle worker is meant to load them.)
    if (job.kind !== "preload" && workers.some((w) => w.busy && w.preloading && w.kinds.has(job.kind))) return undefined;
    if (job.kind === "bundle-lint" && workers.some((w) => w.kinds.has(job.kind)) && queue.filter((j) => j.kind === job.kind).length < 2) return undefined;
    return idle[0] ?? (workers.length < size ? spawn() : undefined);
  };

  /**
   * A worker whose heap ended a task above the limit (on GitHub's spec: 270 MB after bundle and lint,
   * 360 MB after validators, nearly all of it garbage V8 had not yet collected) is replaced by a
   * fresh one: ending a thread frees its whole heap at once, and with two workers holding their
   * garbage through formatting the process peaked at 1.4 GB.
   * @param {(typeof workers)[number]} slot
   */
  const retire = (slot) => {
    workers.splice(workers.indexOf(slot), 1);
    slot.worker.terminate().catch(() => {});
  };

  const dispatch = () => {
    for (let i = 0; i < queue.length; ) {
      const job = /** @type {Job} */ (queue[i]);
      const slot = pick(job);
      if (!slot) {
        i++;
        continue;
      }
      queue.splice(i, 1);
      slot.busy = true;
      slot.preloading = job.kind === "preload";
      slot.kinds.add(job.kind);
      const id = nextId++;
      pending.set(id, { ...job, slot });
      slot.worker.postMessage({ id, kind: job.kind, payload: job.payload });
    }
  };

  return {
    size,
    /** How many workers have been started, replacements included. */
    get started() {
      return started;
    },
    /**
     * @param {string} kind
     * @param {unknown} payload
     * @param {(early: any) => void} [onEarly] receives what the task sends before it finishes
     * @returns {Promise<any>}
     */
    run(kind, payload, onEarly) {
      if (closed) return Promise.reject(new Error("pool is closed"));
      return new Promise((resolve, reject) => {
        const job = { kind, payload, resolve, reject, onEarly };
        // Formatting waits behind the stages that lead to more work (another API's types, its
        // validators): those, started late, would end up alone at the end of the run.
        const firstFormat = kind === "format" ? -1 : queue.findIndex((j) => j.kind === "format");
        if (firstFormat === -1) queue.push(job);
        else queue.splice(firstFormat, 0, job);
        dispatch();
      });
    },
    /** Starts a worker ahead of need, so its start overlaps other work. */
    warm() {
      if (workers.length < size) spawn();
    },
    /**
     * Puts every worker that has nothing to do (or could be started) to loading the libraries of
     * `kinds`; they are then preferred for tasks of those kinds.
     * @param {string[]} kinds
     */
    preloadIdle(kinds) {
      if (closed || queue.length > 0) return;
      const idle = workers.filter((w) => !w.busy).length + (size - workers.length);
      for (let i = 0; i < idle; i++) {
        this.run("preload", {}).catch(() => {});
        const slot = workers.find((w) => w.busy && w.kinds.has("preload") && !kinds.every((k) => w.kinds.has(k)));
        for (const kind of kinds) slot?.kinds.add(kind);
      }
    },
    async close() {
      closed = true;
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}

/** @param {any} error */
function revive(error) {
  if (error.name === "GenerateError") {
    const revived = new GenerateError("", { details: error.details, exitCode: error.exitCode });
    revived.message = error.message;
    Object.assign(revived, { file: error.file, line: error.line, col: error.col, pointer: error.pointer });
    return revived;
  }
  const revived = new Error(error.message);
  revived.stack = error.stack;
  return revived;
}
