// @ts-check
import os from "node:os";
import { Worker } from "node:worker_threads";
import { GenerateError } from "./errors.js";

const workerUrl = new URL("./worker.js", import.meta.url);

/**
 * Runs pipeline stages on worker threads, at most one per CPU, so that Redocly, TypeScript and
 * prettier load in parallel and large APIs (or many) use every core. Tasks queue in order; an
 * idle worker that already ran a task of the same kind is preferred, since it has the libraries
 * for it loaded.
 * @param {{ size?: number }} [options]
 */
export function createPool({ size = os.availableParallelism() } = {}) {
  /** @type {Array<{ worker: Worker, busy: boolean, kinds: Set<string> }>} */
  const workers = [];
  /** @type {Array<{ kind: string, payload: unknown, resolve: (v: any) => void, reject: (e: unknown) => void }>} */
  const queue = [];
  /** @type {Map<number, { resolve: (v: any) => void, reject: (e: unknown) => void, slot: (typeof workers)[number] }>} */
  const pending = new Map();
  let nextId = 0;
  let closed = false;

  const spawn = () => {
    const slot = { worker: new Worker(workerUrl), busy: false, kinds: new Set() };
    slot.worker.on("message", ({ id, result, error }) => {
      const job = pending.get(id);
      if (!job) return;
      pending.delete(id);
      slot.busy = false;
      if (error) job.reject(revive(error));
      else job.resolve(result);
      dispatch();
    });
    slot.worker.on("error", (error) => {
      for (const [id, job] of pending) {
        if (job.slot !== slot) continue;
        pending.delete(id);
        job.reject(error);
      }
    });
    workers.push(slot);
    return slot;
  };

  const dispatch = () => {
    while (queue.length > 0) {
      const job = /** @type {(typeof queue)[number]} */ (queue[0]);
      const idle = workers.filter((w) => !w.busy);
      const slot = idle.find((w) => w.kinds.has(job.kind)) ?? idle[0] ?? (workers.length < size ? spawn() : undefined);
      if (!slot) return;
      queue.shift();
      slot.busy = true;
      slot.kinds.add(job.kind);
      const id = nextId++;
      pending.set(id, { resolve: job.resolve, reject: job.reject, slot });
      slot.worker.postMessage({ id, kind: job.kind, payload: job.payload });
    }
  };

  return {
    size,
    /**
     * @param {string} kind
     * @param {unknown} payload
     * @returns {Promise<any>}
     */
    run(kind, payload) {
      if (closed) return Promise.reject(new Error("pool is closed"));
      return new Promise((resolve, reject) => {
        queue.push({ kind, payload, resolve, reject });
        dispatch();
      });
    },
    /** Starts a worker ahead of need, so its start overlaps other work. */
    warm() {
      if (workers.length < size) spawn();
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
    Object.assign(revived, { file: error.file, line: error.line, col: error.col });
    return revived;
  }
  const revived = new Error(error.message);
  revived.stack = error.stack;
  return revived;
}
