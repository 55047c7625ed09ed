// @ts-check
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sha256 } from "./hash.js";

/**
 * Where the cache lives unless PRODUCT_CLIENTS_CACHE names another folder: the usual place for a
 * tool's cache, in the node_modules that holds the tools (git-ignored with it). Not under the
 * project generated for: a project without node_modules (a scratch copy) must not get one.
 */
export const DEFAULT_CACHE_DIR = fileURLToPath(new URL("../../node_modules/.cache/product-clients", import.meta.url));
/** Above this size a run that wrote entries deletes the least recently used ones, down to half of it. */
const MAX_BYTES = 512 * 2 ** 20;

/**
 * @typedef {{ dir: string, key: string }} CacheLocation what a worker needs to open the same cache
 * @typedef {{ get(stage: string, input: string): string | undefined, set(stage: string, input: string, value: string): void, flush(): Promise<number>, location: CacheLocation | undefined }} Cache
 * `set` writes in the background; `flush` waits for every write begun, and says how many there were.
 */

/**
 * A content-addressed cache of stage results: an entry is found by the hash of the stage's name and
 * its whole input, under a folder named by the hash of the tool versions and the generator's own
 * code (the manifest's fingerprint), so a new prettier or a changed stage can never be served an
 * old result. Deleting the folder only makes the next run slower. A damaged entry is a miss.
 * @param {CacheLocation | undefined} location undefined: no cache (every get misses, set does nothing)
 * @returns {Cache}
 */
export function openCache(location) {
  if (!location) return { get: () => undefined, set: () => {}, flush: async () => 0, location: undefined };
  const root = path.join(location.dir, location.key);
  /** Shard folders known to exist: a mkdir per entry would cost more than the write. */
  const made = new Set();
  /** @type {Promise<void>[]} */
  const writes = [];
  const entry = (/** @type {string} */ stage, /** @type {string} */ input) => {
    const hash = sha256(`${stage}\0${input}`);
    return path.join(root, hash.slice(0, 2), hash.slice(2));
  };
  return {
    location,
    get(stage, input) {
      const file = entry(stage, input);
      let stored;
      try {
        stored = readFileSync(file, "utf8");
      } catch {
        return undefined;
      }
      // Each entry starts with its content's hash: a file cut short or altered is not served.
      const newline = stored.indexOf("\n");
      const value = stored.slice(newline + 1);
      if (newline !== 64 || sha256(value) !== stored.slice(0, 64)) return undefined;
      try {
        // Marks it used, for pruning by age.
        const now = new Date();
        utimesSync(file, now, now);
      } catch {}
      return value;
    },
    set(stage, input, value) {
      const file = entry(stage, input);
      // Written in place: a reader that meets half an entry (a run killed mid-write, two runs at once) finds its
      // hash wrong and takes it as a miss, and the next write replaces it. A failure only loses the entry.
      // Not awaited: libuv's threads write while this thread goes on (a GitHub-size first run stores 15,000 entries).
      try {
        const dir = path.dirname(file);
        if (!made.has(dir)) mkdirSync(dir, { recursive: true });
        made.add(dir);
        writes.push(writeFile(file, `${sha256(value)}\n${value}`).catch(() => {}));
      } catch {}
    },
    async flush() {
      const begun = writes.splice(0);
      await Promise.all(begun);
      return begun.length;
    },
  };
}

/**
 * Where the cache is: `PRODUCT_CLIENTS_CACHE` (a folder, relative to the project, or "off"), else
 * `DEFAULT_CACHE_DIR`; `--no-cache` turns it off.
 * @param {{ projectRoot: string, tools: Record<string, string>, enabled: boolean, env?: Record<string, string | undefined> }} options
 * @returns {CacheLocation | undefined}
 */
export function cacheLocation({ projectRoot, tools, enabled, env = process.env }) {
  const setting = env.PRODUCT_CLIENTS_CACHE;
  if (!enabled || setting === "off") return undefined;
  const dir = setting ? path.resolve(projectRoot, setting) : DEFAULT_CACHE_DIR;
  return { dir, key: sha256(JSON.stringify(Object.entries(tools).sort(([a], [b]) => a.localeCompare(b)))).slice(0, 16) };
}

/**
 * Keeps the cache bounded: folders of other tool versions are deleted (nothing can read them), and
 * when the current one holds more than `maxBytes`, its least recently used entries go until it
 * holds half of that.
 * @param {CacheLocation} location
 * @param {number} [maxBytes]
 */
export function pruneCache(location, maxBytes = MAX_BYTES) {
  let names;
  try {
    names = readdirSync(location.dir);
  } catch {
    return;
  }
  // Only folders named as cacheLocation names them: PRODUCT_CLIENTS_CACHE may name a folder shared with other things (~/.cache).
  for (const name of names) if (name !== location.key && /^[0-9a-f]{16}$/.test(name)) rmSync(path.join(location.dir, name), { recursive: true, force: true });
  const root = path.join(location.dir, location.key);
  /** @type {Array<{ file: string, size: number, used: number }>} */
  const entries = [];
  for (const shard of safeList(root)) {
    for (const name of safeList(path.join(root, shard))) {
      const file = path.join(root, shard, name);
      try {
        const { size, mtimeMs } = statSync(file);
        entries.push({ file, size, used: mtimeMs });
      } catch {}
    }
  }
  let total = entries.reduce((sum, e) => sum + e.size, 0);
  if (total <= maxBytes) return;
  entries.sort((a, b) => a.used - b.used);
  for (const { file, size } of entries) {
    if (total <= maxBytes / 2) break;
    rmSync(file, { force: true });
    total -= size;
  }
}

/** @param {string} dir */
function safeList(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
