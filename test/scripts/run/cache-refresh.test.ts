import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, runGenerate, snapshotDir } from "../../helpers/temp-project.js";

// Two consecutive published releases of Directus's spec (sources in the fixture's README): a real refresh.
const HISTORY = path.join(repoRoot, "test", "fixtures", "diff", "history", "directus");
const RULES = readFileSync(path.join(repoRoot, "redocly.yaml"), "utf8").replace(/^apis:\n(?:[ #].*\n|\n)*/m, "");

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A project with Directus's spec at `release`, generating into its own generated/ with the cache in its own folder. */
function project(release: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "cache-refresh-"));
  scratch.push(dir);
  mkdirSync(path.join(dir, "specs", "overlays"), { recursive: true });
  cpSync(path.join(HISTORY, `${release}.json`), path.join(dir, "specs", "directus.json"));
  // Every 10.2 release ships three blocking flaws; the overlay corrects them, as a maintainer would.
  cpSync(path.join(HISTORY, "overlay.yaml"), path.join(dir, "specs", "overlays", "directus.yaml"));
  writeFileSync(path.join(dir, "redocly.yaml"), `${RULES}apis:\n  directus@10:\n    root: specs/directus.json\n    overlays:\n      - specs/overlays/directus.yaml\n`);
  const cacheDir = path.join(dir, "cache");
  return {
    dir,
    refresh: (to: string) => cpSync(path.join(HISTORY, `${to}.json`), path.join(dir, "specs", "directus.json")),
    // Each project's cache in its own folder, to see what the refresh read from it.
    generate: async (...args: string[]) => {
      process.env.PRODUCT_CLIENTS_CACHE = cacheDir;
      try {
        return await runGenerate(["--quiet", "--config", path.join(dir, "redocly.yaml"), ...args]);
      } finally {
        delete process.env.PRODUCT_CLIENTS_CACHE;
      }
    },
    generated: () => snapshotDir(path.join(dir, "generated")),
    // Each index file of the cache's packs, with the number of entries it lists.
    cacheIndexes: () =>
      new Map(
        readdirSync(cacheDir, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile() && e.name.endsWith(".index"))
          .map((e) => path.join(e.parentPath, e.name))
          .map((file) => [file, (JSON.parse(readFileSync(file, "utf8")) as unknown[]).length]),
      ),
  };
}

describe("the cache on a real refresh", () => {
  it("writes byte for byte what a run without it writes, and reuses what did not change", { timeout: 120_000 }, async () => {
    const cached = project("10.2.4");
    const uncached = project("10.2.4");
    expect((await cached.generate()).code).toBe(0);
    expect((await uncached.generate("--no-cache")).code).toBe(0);
    const before = cached.cacheIndexes();
    const entriesBefore = [...before.values()].reduce((a, b) => a + b, 0);
    expect(entriesBefore).toBeGreaterThan(50);
    // A pack the next run reads from is marked used (its index's mtime): set them all an hour back to see which.
    const anHourAgo = Date.now() / 1000 - 3600;
    for (const file of before.keys()) utimesSync(file, anHourAgo, anHourAgo);

    cached.refresh("10.2.11");
    uncached.refresh("10.2.11");
    const withCache = await cached.generate();
    const withoutCache = await uncached.generate("--no-cache");
    expect(withCache).toMatchObject({ code: 0, stderr: "" });
    expect(withoutCache).toMatchObject({ code: 0, stderr: "" });

    const files = cached.generated();
    expect(Object.keys(files)).toContain("directus.ts");
    // The change report (CHANGES.md) is in both, from the same two releases.
    expect(files["CHANGES.md"]).toContain("### Breaking changes");
    expect(files).toEqual(uncached.generated());
    // Results were served from the packs of the first run; the refresh stored only what changed, far fewer
    // entries than the first run (without reading the cache it would store them all again).
    expect([...before.keys()].some((file) => statSync(file).mtimeMs > (anHourAgo + 60) * 1000)).toBe(true);
    const added = [...cached.cacheIndexes()].filter(([file]) => !before.has(file)).reduce((n, [, count]) => n + count, 0);
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThan(entriesBefore / 4);
  });
});
