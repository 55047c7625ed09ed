import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cacheLocation, DEFAULT_CACHE_DIR, openCache, pruneCache } from "../../../scripts/store/cache.js";
import { repoRoot } from "../../helpers/temp-project.js";

const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "cache-test-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Every entry file under a cache folder. */
const entries = (root: string): string[] =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));

describe("cache", () => {
  it("gives back what was stored under the same stage and input, and nothing for another", async () => {
    const cache = openCache({ dir: scratch(), key: "k" });
    expect(cache.get("format", "a")).toBeUndefined();
    cache.set("format", "a", "formatted a\n");
    await cache.flush();
    expect(cache.get("format", "a")).toBe("formatted a\n");
    expect(cache.get("validators", "a")).toBeUndefined();
    expect(cache.get("format", "b")).toBeUndefined();
  });

  it("does not serve an entry whose pack was cut short or altered, and replaces it", async () => {
    const dir = scratch();
    const cache = openCache({ dir, key: "k" });
    cache.set("format", "a", "formatted a\n");
    cache.set("format", "b", "formatted b\n");
    await cache.flush();
    const [pack] = entries(dir).filter((f) => f.endsWith(".pack"));
    writeFileSync(pack as string, readFileSync(pack as string, "utf8").replace("formatted a", "FORMATTED A"));
    expect(cache.get("format", "a")).toBeUndefined();
    expect(cache.get("format", "b")).toBe("formatted b\n");
    writeFileSync(pack as string, "formatted");
    expect(openCache({ dir, key: "k" }).get("format", "b")).toBeUndefined();
    cache.set("format", "a", "formatted a\n");
    await cache.flush();
    expect(cache.get("format", "a")).toBe("formatted a\n");
    expect(openCache({ dir, key: "k" }).get("format", "a")).toBe("formatted a\n");
  });

  it("writes what one opened cache stored as one pack, read only once its index is there", async () => {
    const dir = scratch();
    const cache = openCache({ dir, key: "k" });
    for (let i = 0; i < 100; i++) cache.set("format", `input ${i}`, `value ${i} é\n`);
    expect(await cache.flush()).toBe(100);
    const files = entries(dir).map((f) => path.basename(f));
    expect(files).toHaveLength(2);
    expect(files.filter((f) => f.endsWith(".pack"))).toHaveLength(1);
    const index = entries(dir).find((f) => f.endsWith(".index")) as string;
    expect(openCache({ dir, key: "k" }).get("format", "input 99")).toBe("value 99 é\n");
    // Without its index (a run that died before writing it), a pack is not read.
    rmSync(index);
    expect(openCache({ dir, key: "k" }).get("format", "input 99")).toBeUndefined();
  });

  it("does nothing without a location (--no-cache)", () => {
    const cache = openCache(undefined);
    cache.set("format", "a", "x");
    expect(cache.get("format", "a")).toBeUndefined();
  });

  it("lives in the tools' node_modules/.cache by default, where PRODUCT_CLIENTS_CACHE says, or nowhere", () => {
    const tools = { prettier: "3.0.0", generator: "abc" };
    const projectRoot = scratch();
    expect(cacheLocation({ projectRoot, tools, enabled: true, env: {} })?.dir).toBe(path.join(repoRoot, "node_modules", ".cache", "product-clients"));
    expect(DEFAULT_CACHE_DIR).toBe(path.join(repoRoot, "node_modules", ".cache", "product-clients"));
    expect(cacheLocation({ projectRoot, tools, enabled: true, env: { PRODUCT_CLIENTS_CACHE: "elsewhere" } })?.dir).toBe(path.join(projectRoot, "elsewhere"));
    expect(cacheLocation({ projectRoot, tools, enabled: true, env: { PRODUCT_CLIENTS_CACHE: "off" } })).toBeUndefined();
    expect(cacheLocation({ projectRoot, tools, enabled: false, env: {} })).toBeUndefined();
    // A new version of any tool (or of the generator's code) is a new folder: old results are never served.
    const key = cacheLocation({ projectRoot, tools, enabled: true, env: {} })?.key;
    expect(cacheLocation({ projectRoot, tools: { ...tools, prettier: "3.0.1" }, enabled: true, env: {} })?.key).not.toBe(key);
    expect(cacheLocation({ projectRoot, tools: { generator: "abc", prettier: "3.0.0" }, enabled: true, env: {} })?.key).toBe(key);
  });

  it("deletes other tool versions' folders, and the least recently used packs beyond its size", async () => {
    const dir = scratch();
    mkdirSync(path.join(dir, "0123456789abcdef", "ab"), { recursive: true });
    writeFileSync(path.join(dir, "0123456789abcdef", "ab", "cd"), "x");
    for (let i = 0; i < 10; i++) {
      const cache = openCache({ dir, key: "now" });
      cache.set("format", `input ${i}`, "y".repeat(1000));
      await cache.flush();
    }
    // Pack 0 is the oldest written, but was read last: it is kept.
    const indexes = entries(path.join(dir, "now")).filter((f) => f.endsWith(".index")).sort();
    expect(indexes).toHaveLength(10);
    const past = Date.now() / 1000 - 3600;
    indexes.forEach((file, i) => utimesSync(file, past + i, past + i));
    const reader = openCache({ dir, key: "now" });
    expect(reader.get("format", "input 0")).toBeDefined();
    await reader.flush();
    await pruneCache({ dir, key: "now" }, 6 * 1000);
    expect(existsSync(path.join(dir, "0123456789abcdef"))).toBe(false);
    const left = entries(path.join(dir, "now")).filter((f) => f.endsWith(".pack"));
    expect(left.length).toBeLessThanOrEqual(3);
    expect(left.length).toBeGreaterThan(0);
    expect(openCache({ dir, key: "now" }).get("format", "input 0")).toBeDefined();
    expect(openCache({ dir, key: "now" }).get("format", "input 1")).toBeUndefined();
  });

  it("merges its packs into one above a number of them, every entry kept", async () => {
    const dir = scratch();
    for (let i = 0; i < 5; i++) {
      const cache = openCache({ dir, key: "now" });
      cache.set("format", `input ${i}`, `value ${i}`);
      cache.set("format", "shared", "same in every pack");
      await cache.flush();
    }
    await pruneCache({ dir, key: "now" }, 1e9, 3);
    expect(entries(path.join(dir, "now")).filter((f) => f.endsWith(".pack"))).toHaveLength(1);
    const cache = openCache({ dir, key: "now" });
    for (let i = 0; i < 5; i++) expect(cache.get("format", `input ${i}`)).toBe(`value ${i}`);
    expect(cache.get("format", "shared")).toBe("same in every pack");
  });

  it("leaves a large pack out of a merge, to be pruned on its own when it is the least recently used", async () => {
    const dir = scratch();
    const large = openCache({ dir, key: "now" });
    large.set("format", "large", "z".repeat(5000));
    await large.flush();
    for (let i = 0; i < 4; i++) {
      const cache = openCache({ dir, key: "now" });
      cache.set("format", `input ${i}`, `value ${i}`);
      await cache.flush();
    }
    await pruneCache({ dir, key: "now" }, 1e9, 3, 2000);
    const packs = entries(path.join(dir, "now")).filter((f) => f.endsWith(".pack"));
    expect(packs).toHaveLength(2);
    const cache = openCache({ dir, key: "now" });
    expect(cache.get("format", "large")).toBe("z".repeat(5000));
    for (let i = 0; i < 4; i++) expect(cache.get("format", `input ${i}`)).toBe(`value ${i}`);
  });

  // A watching process keeps running: the packs a prune deletes must not stay open (and on disk) in it.
  it.runIf(process.platform === "linux")("closes this thread's handles on the packs a prune deletes", async () => {
    const dir = scratch();
    const cache = openCache({ dir, key: "now" });
    cache.set("format", "a", "y".repeat(1000));
    await cache.flush();
    expect(openCache({ dir, key: "now" }).get("format", "a")).toBeDefined();
    const open = () =>
      readdirSync("/proc/self/fd")
        .map((fd) => {
          try {
            return readlinkSync(`/proc/self/fd/${fd}`);
          } catch {
            return "";
          }
        })
        .filter((target) => target.startsWith(path.join(dir, "now")));
    expect(open()).toHaveLength(1);
    await pruneCache({ dir, key: "now" }, 10);
    expect(entries(path.join(dir, "now"))).toEqual([]);
    expect(open()).toEqual([]);
  });

  it("deletes a pack left without an index after an hour, not before (another run may be writing it)", async () => {
    const dir = scratch();
    mkdirSync(path.join(dir, "now"));
    writeFileSync(path.join(dir, "now", "old.pack"), "x");
    writeFileSync(path.join(dir, "now", "new.pack"), "x");
    const past = Date.now() / 1000 - 2 * 3600;
    utimesSync(path.join(dir, "now", "old.pack"), past, past);
    await pruneCache({ dir, key: "now" });
    expect(existsSync(path.join(dir, "now", "old.pack"))).toBe(false);
    expect(existsSync(path.join(dir, "now", "new.pack"))).toBe(true);
  });
});

describe("cache pruning", () => {
  it("deletes only its own folders of other tool versions, never anything else in PRODUCT_CLIENTS_CACHE's folder (say ~/.cache, or the project)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "prune-test-"));
    try {
      mkdirSync(path.join(dir, "other-tool"));
      writeFileSync(path.join(dir, "other-tool", "data"), "x");
      writeFileSync(path.join(dir, "notes.txt"), "x");
      mkdirSync(path.join(dir, "fedcba9876543210")); // an old version of this cache
      await pruneCache({ dir, key: "0123456789abcdef" });
      expect(existsSync(path.join(dir, "other-tool", "data"))).toBe(true);
      expect(existsSync(path.join(dir, "notes.txt"))).toBe(true);
      expect(existsSync(path.join(dir, "fedcba9876543210"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
