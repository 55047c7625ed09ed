// @ts-check
import { watch as watchFs } from "node:fs";
import path from "node:path";
import { runOnce } from "../run/run-once.js";
import { readManifest } from "../store/manifest.js";

const DEBOUNCE_MS = 150;
/** A second signal within this long of the first is the first one's copy (see the end of `watch`). */
const REPEAT_MS = 500;

/**
 * --watch: generates, then regenerates whenever redocly.yaml, a spec, an overlay or a file they
 * reference changes. A broken edit is reported and watching goes on; generated/ keeps the last
 * good output because a failed run commits nothing.
 * @param {import("./args.js").GenerateOptions} options
 * @param {ReturnType<typeof import("./report.js").createReporter>} reporter
 * @returns {Promise<number>} only when the process is asked to stop
 */
export async function watch(options, reporter) {
  const configPath = path.resolve(options.config);
  const projectRoot = path.dirname(configPath);
  /** @type {Map<string, import("node:fs").FSWatcher>} */
  const watchers = new Map();
  let timer = /** @type {NodeJS.Timeout | undefined} */ (undefined);
  let running = Promise.resolve();

  const run = async () => {
    try {
      await runOnce({ ...options, watch: false }, reporter);
    } catch (error) {
      reporter.fail(error);
    }
    rewatch();
    reporter.info(`watching ${watchedFiles().length} files for changes (Ctrl-C to stop)`);
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(run);
    }, DEBOUNCE_MS);
  };
  const watchedFiles = () => {
    const manifest = readManifest(path.join(projectRoot, "generated"));
    const files = new Set([path.basename(configPath)]);
    for (const record of Object.values(manifest?.apis ?? {})) for (const file of Object.keys(record.inputs ?? {})) files.add(file);
    for (const api of manifest?.config?.apis ?? []) [api.root, ...api.overlays].forEach((f) => files.add(f));
    return [...files].map((f) => path.resolve(projectRoot, f));
  };
  /** @type {Set<string>} */
  let files = new Set();
  // Editors replace files by rename, which ends a watch on the file itself: watch directories.
  const rewatch = () => {
    files = new Set(watchedFiles());
    const dirs = new Set([...files].map((f) => path.dirname(f)));
    for (const [dir, watcher] of watchers) {
      if (!dirs.has(dir)) {
        watcher.close();
        watchers.delete(dir);
      }
    }
    for (const dir of dirs) {
      if (watchers.has(dir)) continue;
      try {
        const watcher = watchFs(dir, (_event, name) => {
          if (name && files.has(path.join(dir, name.toString()))) schedule();
        });
        watchers.set(dir, watcher);
      } catch (error) {
        reporter.error(`cannot watch ${path.relative(projectRoot, dir) || "."}: ${/** @type {Error} */ (error).message}`);
      }
    }
  };

  await run();
  return new Promise((resolve) => {
    const stop = () => {
      for (const watcher of watchers.values()) watcher.close();
      clearTimeout(timer);
      resolve(0);
    };
    // One press may arrive twice: a terminal signals the whole group, and the Node that started this one passes
    // its copy on (cli/runtime.js). The same signal again later is someone insisting: it ends the process.
    let stoppedAt = 0;
    const onSignal = (/** @type {NodeJS.Signals} */ signal) => {
      if (stoppedAt === 0) {
        stoppedAt = Date.now();
        stop();
      } else if (Date.now() - stoppedAt > REPEAT_MS) {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}
