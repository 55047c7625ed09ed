// @ts-check
import { closeSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, utimesSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { threadId } from "node:worker_threads";
import { sha256 } from "./hash.js";

/**
 * Where the cache lives unless PRODUCT_CLIENTS_CACHE names another folder: the usual place for a
 * tool's cache, in the node_modules that holds the tools (git-ignored with it). Not under the
 * project generated for: a project without node_modules (a scratch copy) must not get one.
 */
export const DEFAULT_CACHE_DIR = fileURLToPath(new URL("../../node_modules/.cache/product-clients", import.meta.url));
/** Above this size a run that wrote entries deletes the least recently used packs, down to half of it. */
const MAX_BYTES = 512 * 2 ** 20;

/** Above this many packs, the end of a run merges the small ones (each thread reads every index). */
const MAX_PACKS = 64;
/**
 * Packs from this size up are not merged: a first run on a large spec writes one, and it is pruned
 * as a whole when it is the least recently used. A merge takes the newest use of what it merges.
 */
const MERGE_BELOW = 8 * 2 ** 20;
/** A pack with no index is a run that died writing it (or one writing now): deleted after this long. */
const ORPHAN_MS = 60 * 60 * 1000;

/**
 * @typedef {{ dir: string, key: string }} CacheLocation what a worker needs to open the same cache
 * @typedef {{ get(stage: string, input: string): string | undefined, set(stage: string, input: string, value: string): void, flush(): Promise<number>, location: CacheLocation | undefined }} Cache
 * `set` keeps the entry until `flush`, which writes what was set as one pack, and says how many entries it wrote (0 when the write failed: the entries are lost, the run goes on).
 * @typedef {{ pack: string, offset: number, length: number, hash: string }} Slot where an entry's value is, and its hash
 * @typedef {{ slots: Map<string, Slot>, indexes: Set<string>, fds: Map<string, number> }} Loaded
 */

/**
 * The indexes each thread has read, by cache folder: a worker opens the cache once a task, and
 * reads only the packs written since.
 * @type {Map<string, Loaded>}
 */
const loadedByRoot = new Map();

/**
 * A content-addressed cache of stage results: an entry is found by the hash of the stage's name and
 * its whole input, under a folder named by the hash of the tool versions and the generator's own
 * code (the manifest's fingerprint), so a new prettier or a changed stage can never be served an
 * old result. Deleting the folder only makes the next run slower. A damaged entry is a miss.
 *
 * Entries live in packs: each opened cache that stored entries writes them at `flush` as one file
 * of values (`<id>.pack`) and one of where each is (`<id>.index`, written last: a pack without one
 * is not read). A file per entry cost a first GitHub run 15,000 files, and 1.6-4 s of its 10 s.
 * @param {CacheLocation | undefined} location undefined: no cache (every get misses, set does nothing)
 * @returns {Cache}
 */
export function openCache(location) {
  if (!location) return { get: () => undefined, set: () => {}, flush: async () => 0, location: undefined };
  const root = path.join(location.dir, location.key);
  const loaded = refresh(root);
  /** @type {Array<[string, string]>} */
  const pending = [];
  /** Packs this run read from, made recent at `flush` for pruning by age. */
  const used = new Set();
  const keyOf = (/** @type {string} */ stage, /** @type {string} */ input) => sha256(`${stage}\0${input}`);
  return {
    location,
    get(stage, input) {
      const slot = loaded.slots.get(keyOf(stage, input));
      if (!slot) return undefined;
      try {
        let fd = loaded.fds.get(slot.pack);
        if (fd === undefined) {
          fd = openSync(path.join(root, `${slot.pack}.pack`), "r");
          loaded.fds.set(slot.pack, fd);
        }
        const bytes = Buffer.allocUnsafe(slot.length);
        if (readSync(fd, bytes, 0, slot.length, slot.offset) !== slot.length) return undefined;
        const value = bytes.toString("utf8");
        // A pack cut short or altered is not served.
        if (sha256(value) !== slot.hash) return undefined;
        used.add(slot.pack);
        return value;
      } catch {
        return undefined;
      }
    },
    set(stage, input, value) {
      pending.push([keyOf(stage, input), value]);
    },
    async flush() {
      const entries = pending.splice(0);
      const now = new Date();
      for (const pack of used) {
        try {
          utimesSync(path.join(root, `${pack}.index`), now, now);
        } catch {}
      }
      used.clear();
      if (entries.length === 0) return 0;
      try {
        await writePack(root, loaded, entries);
        return entries.length;
      } catch {
        // A failed write only loses the entries.
        return 0;
      }
    },
  };
}

let packCount = 0;

/**
 * Writes entries as a new pack and its index, and adds them to what this thread has loaded, if given.
 * @param {string} root
 * @param {Loaded | undefined} loaded
 * @param {Array<[string, string]>} entries key hash, value
 * @returns {Promise<string>} the pack's id
 */
async function writePack(root, loaded, entries) {
  const id = `${Date.now().toString(36)}-${process.pid}-${threadId}-${packCount++}`;
  /** @type {Array<[string, number, number, string]>} */
  const index = [];
  let offset = 0;
  const buffers = entries.map(([key, value]) => {
    const bytes = Buffer.from(value, "utf8");
    index.push([key, offset, bytes.length, sha256(value)]);
    offset += bytes.length;
    return bytes;
  });
  await mkdir(root, { recursive: true });
  await writeFile(path.join(root, `${id}.pack`), Buffer.concat(buffers));
  // The index appears whole or not at all: a reader never meets half of one.
  await writeFile(path.join(root, `${id}.index.tmp`), JSON.stringify(index));
  await rename(path.join(root, `${id}.index.tmp`), path.join(root, `${id}.index`));
  if (loaded) addIndex(loaded, id, index);
  return id;
}

/**
 * What this thread knows of a cache folder, brought up to date with its indexes: new packs are
 * read, deleted ones forgotten.
 * @param {string} root
 * @returns {Loaded}
 */
function refresh(root) {
  let loaded = loadedByRoot.get(root);
  const names = indexIds(safeList(root));
  if (loaded && [...loaded.indexes].some((id) => !names.has(id))) {
    for (const fd of loaded.fds.values()) closeQuietly(fd);
    loaded = undefined;
  }
  if (!loaded) {
    loaded = { slots: new Map(), indexes: new Set(), fds: new Map() };
    loadedByRoot.set(root, loaded);
  }
  for (const id of names) {
    if (loaded.indexes.has(id)) continue;
    try {
      addIndex(loaded, id, JSON.parse(readFileSync(path.join(root, `${id}.index`), "utf8")));
    } catch {
      // An index that cannot be read is skipped: its entries are misses.
    }
  }
  return loaded;
}

/** @param {Loaded} loaded @param {string} pack @param {Array<[string, number, number, string]>} index */
function addIndex(loaded, pack, index) {
  loaded.indexes.add(pack);
  for (const [key, offset, length, hash] of index) loaded.slots.set(key, { pack, offset, length, hash });
}

/** @param {number} fd */
function closeQuietly(fd) {
  try {
    closeSync(fd);
  } catch {}
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
 * when the current one holds more than `maxBytes`, its least recently used packs go until it holds
 * half of that. Above `maxPacks` packs, those under `MERGE_BELOW` are merged into one: every thread
 * of every run reads every index. Never fails: a cache that cannot be pruned (a read-only folder,
 * a full disk) only grows, and the run that called it has already written its files.
 * @param {CacheLocation} location
 * @param {number} [maxBytes]
 * @param {number} [maxPacks]
 * @param {number} [mergeBelow]
 */
export async function pruneCache(location, maxBytes = MAX_BYTES, maxPacks = MAX_PACKS, mergeBelow = MERGE_BELOW) {
  const root = path.join(location.dir, location.key);
  try {
    await prune(location, maxBytes, maxPacks, mergeBelow);
  } catch {}
  // This thread closes what it held of packs now gone: a watching process would keep them on disk.
  if (loadedByRoot.has(root)) refresh(root);
}

/**
 * @param {CacheLocation} location
 * @param {number} maxBytes
 * @param {number} maxPacks
 * @param {number} mergeBelow
 */
async function prune(location, maxBytes, maxPacks, mergeBelow) {
  const names = safeList(location.dir);
  // Only folders named as cacheLocation names them: PRODUCT_CLIENTS_CACHE may name a folder shared with other things (~/.cache).
  for (const name of names) if (name !== location.key && /^[0-9a-f]{16}$/.test(name)) rmSync(path.join(location.dir, name), { recursive: true, force: true });
  const root = path.join(location.dir, location.key);
  const files = safeList(root);
  const indexed = indexIds(files);
  /** @type {Array<{ id: string, size: number, used: number }>} */
  const packs = [];
  for (const name of files) {
    const file = path.join(root, name);
    try {
      const id = name.replace(/\.(pack|index|index\.tmp)$/, "");
      if (name.endsWith(".pack") && indexed.has(id)) {
        packs.push({ id, size: statSync(file).size, used: statSync(path.join(root, `${id}.index`)).mtimeMs });
      } else if (name.endsWith(".index")) {
        continue;
      } else if (Date.now() - statSync(file).mtimeMs > ORPHAN_MS) {
        // A pack whose run died before its index, or a folder of an older layout.
        rmSync(file, { recursive: true, force: true });
      }
    } catch {}
  }
  let total = packs.reduce((sum, p) => sum + p.size, 0);
  packs.sort((a, b) => a.used - b.used);
  if (total > maxBytes) {
    while (packs.length > 0 && total > maxBytes / 2) {
      const oldest = /** @type {{ id: string, size: number }} */ (packs.shift());
      removePack(root, oldest.id);
      total -= oldest.size;
    }
  }
  const small = packs.filter((p) => p.size < mergeBelow);
  if (packs.length > maxPacks && small.length > 1) await mergePacks(root, small);
}

/**
 * Merges packs into one, each entry once, and deletes them.
 * @param {string} root
 * @param {Array<{ id: string, used: number }>} packs oldest first
 */
async function mergePacks(root, packs) {
  /** @type {Map<string, string>} */
  const values = new Map();
  for (const { id } of packs) {
    try {
      const bytes = readFileSync(path.join(root, `${id}.pack`));
      /** @type {Array<[string, number, number, string]>} */
      const index = JSON.parse(readFileSync(path.join(root, `${id}.index`), "utf8"));
      for (const [key, offset, length, hash] of index) {
        const value = bytes.subarray(offset, offset + length).toString("utf8");
        if (sha256(value) === hash) values.set(key, value);
      }
    } catch {}
  }
  const merged = await writePack(root, undefined, [...values]);
  const newest = new Date(Math.max(...packs.map((p) => p.used)));
  utimesSync(path.join(root, `${merged}.index`), newest, newest);
  for (const { id } of packs) removePack(root, id);
}

/** The index first: a reader that lists the folder meanwhile does not find the pack. @param {string} root @param {string} id */
function removePack(root, id) {
  rmSync(path.join(root, `${id}.index`), { force: true });
  rmSync(path.join(root, `${id}.pack`), { force: true });
}

/** The ids of the packs that have an index, among a folder's file names. @param {string[]} names */
function indexIds(names) {
  return new Set(names.filter((n) => n.endsWith(".index")).map((n) => n.slice(0, -".index".length)));
}

/** @param {string} dir */
function safeList(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
