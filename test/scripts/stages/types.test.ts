import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { openCache } from "../../../scripts/store/cache.js";
import typesStage, { typesWhole } from "../../../scripts/stages/types.js";
import { githubSpec } from "../../helpers/real-specs.js";

const projectRoot = fileURLToPath(new URL("../../..", import.meta.url));
const CORPUS = path.join(projectRoot, "test", "fixtures", "corpus");
const GENERATED = path.join(projectRoot, "generated");

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A cache in a folder of its own, counting the entries it serves. */
function countingCache(dir = mkdtempSync(path.join(tmpdir(), "types-cache-"))) {
  scratch.push(dir);
  const cache = openCache({ dir, key: "test" });
  const counts = { gets: 0, served: 0, sets: 0 };
  return {
    dir,
    counts,
    cache: {
      ...cache,
      get(stage: string, input: string) {
        counts.gets++;
        const value = cache.get(stage, input);
        if (value !== undefined) counts.served++;
        return value;
      },
      set(stage: string, input: string, value: string) {
        counts.sets++;
        cache.set(stage, input, value);
      },
    },
  };
}

/** The whole document in one transform, which the units must add up to. The document is copied: the stage patches it. */
function whole(document: object) {
  return typesWhole(structuredClone(document));
}

/** The message `run` throws. */
function errorOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("did not throw");
}

/** The stage through the per-unit path, with its hit and miss counts. */
async function byUnit(document: object, cache: ReturnType<typeof countingCache>["cache"]) {
  const stats = { hits: -1, misses: -1 };
  const text = typesStage(structuredClone(document), { cache, stats });
  await cache.flush();
  return { text, ...stats };
}

const specs: Array<[string, () => object]> = [
  ...readdirSync(CORPUS)
    .filter((f) => /\.(json|ya?ml)$/.test(f))
    .map((f): [string, () => object] => [`corpus/${f}`, () => YAML.parse(readFileSync(path.join(CORPUS, f), "utf8"))]),
  // The project's specs as the stage receives them: bundled, overlays applied (the stamp key is the pipeline's, not the spec's).
  ...readdirSync(GENERATED)
    .filter((f) => f.endsWith(".bundled.json"))
    .map((f): [string, () => object] => [`generated/${f}`, () => {
      const { ["x-product-clients"]: _, ...document } = JSON.parse(readFileSync(path.join(GENERATED, f), "utf8"));
      return document;
    }]),
];

describe("types stage, one unit at a time", () => {
  it.each(specs)("prints %s byte for byte as the whole-document transform, cold and warm", async (_, read) => {
    const document = read();
    const expected = whole(document);
    const { cache, counts } = countingCache();
    const cold = await byUnit(document, cache);
    expect(cold.text).toBe(expected);
    expect(cold.hits).toBe(0);
    expect(cold.misses).toBeGreaterThan(0);
    expect(counts.sets).toBe(cold.misses);
    const warm = await byUnit(document, cache);
    expect(warm.text).toBe(expected);
    expect(warm).toMatchObject({ hits: cold.misses, misses: 0 });
    expect(counts.served).toBe(cold.misses);
    // Without a cache it goes by unit too (the whole transform is quadratic in the operations).
    const stats = { hits: -1, misses: -1 };
    expect(typesStage(structuredClone(document), { stats })).toBe(expected);
    expect(stats).toEqual({ hits: 0, misses: cold.misses });
  });

  // About 6 s on a 2-core machine: the largest real spec we have, and the one the cache is for.
  it("prints GitHub's spec byte for byte as the whole-document transform, cold and warm", async () => {
    const document = JSON.parse(readFileSync(githubSpec, "utf8"));
    const expected = whole(document);
    const { cache } = countingCache();
    const cold = await byUnit(document, cache);
    expect(cold.text).toBe(expected);
    const warm = await byUnit(document, cache);
    expect(warm).toMatchObject({ text: expected, hits: cold.misses, misses: 0 });
  }, 60_000);

  it("transforms only the changed member on a refresh, and reads the others back", async () => {
    const read = specs.find(([name]) => name === "corpus/ix-api.json")![1];
    const before = read() as { components: { schemas: Record<string, any> } };
    const { cache, counts } = countingCache();
    const cold = await byUnit(before, cache);
    const after = structuredClone(before);
    const [name, schema] = Object.entries(after.components.schemas).find(([, s]) => s.properties)!;
    after.components.schemas[name] = { ...schema, description: "changed by the refresh" };
    const served = counts.served;
    const warm = await byUnit(after, cache);
    expect(warm.text).toBe(whole(after));
    expect(warm.text).not.toBe(cold.text);
    expect(warm.misses).toBeGreaterThanOrEqual(1);
    // Only units that resolved the changed schema through a $ref (allOf members) can miss besides it.
    expect(warm.misses).toBeLessThan(cold.misses / 10);
    expect(warm.hits).toBe(cold.misses - warm.misses);
    // Every hit was read back; an entry read back whose $ref now resolves to something else is a miss (the changed schema's own entry is not found).
    expect(counts.served - served).toBe(warm.hits + warm.misses - 1);
  });

  const api = (parameter: object, base: object) => ({
    openapi: "3.0.3",
    info: { title: "t", version: "1" },
    paths: {
      "/things": {
        get: { operationId: "listThings", parameters: [{ $ref: "#/components/parameters/Limit" }], responses: { "200": { description: "ok" } } },
      },
      "/other": { get: { operationId: "other", responses: { "204": { description: "none" } } } },
    },
    components: {
      parameters: { Limit: parameter },
      schemas: {
        Base: base,
        Thing: { allOf: [{ $ref: "#/components/schemas/Base" }, { type: "object", properties: { name: { type: "string" } } }], required: ["id"] },
        Other: { type: "string" },
      },
    },
  });

  it("transforms again the units that resolved a $ref whose target changed", async () => {
    const base = { type: "object", properties: { id: { type: "string" } } };
    const limit = { name: "limit", in: "query", schema: { type: "integer" } };
    const { cache } = countingCache();
    // Units: 2 paths, Limit, Base, Thing, Other.
    expect(await byUnit(api(limit, base), cache)).toMatchObject({ hits: 0, misses: 6 });

    // `required` on the parameter changes the operation's type (through ctx.resolve), not the path item's JSON.
    const required = api({ ...limit, required: true }, base);
    const refreshed = await byUnit(required, cache);
    expect(refreshed.text).toBe(whole(required));
    expect(refreshed.text).toContain('limit: components["parameters"]["Limit"];');
    // /things resolved Limit; Limit itself changed; /other, Base, Thing, Other are served.
    expect(refreshed).toMatchObject({ hits: 4, misses: 2 });

    // Thing's allOf resolves Base to see which required keys it has (WithRequired<...>).
    const withoutId = api({ ...limit, required: true }, { type: "object", properties: { key: { type: "string" } } });
    const again = await byUnit(withoutId, cache);
    expect(again.text).toBe(whole(withoutId));
    expect(again).toMatchObject({ hits: 4, misses: 2 });
  });

  it("leaves the storing to the caller that asks for it, and stores what a later run reads back", async () => {
    const document = api({ name: "limit", in: "query", schema: { type: "integer" } }, { type: "object", properties: { id: { type: "string" } } });
    const { cache, counts } = countingCache();
    const later: Array<() => void> = [];
    const text = typesStage(structuredClone(document), { cache, later });
    expect(text).toBe(whole(document));
    expect(counts.sets).toBe(0);
    for (const store of later) store();
    await cache.flush();
    expect(counts.sets).toBe(6);
    expect(await byUnit(document, cache)).toMatchObject({ hits: 6, misses: 0, text });
  });

  it("keeps the footer in the whole transform's order when the units that add it are served", async () => {
    const document = api({ name: "limit", in: "query", schema: { type: "integer" } }, { type: "object", properties: { id: { type: "string" } } });
    const { cache } = countingCache();
    await byUnit(document, cache);
    const warm = await byUnit(document, cache);
    expect(warm).toMatchObject({ misses: 0 });
    expect(warm.text).toBe(whole(document));
    expect(warm.text).toMatch(/export interface operations \{[\s\S]*\n\}\ntype WithRequired<T, K extends keyof NonNullable<T>>/);
  });

  it("falls back to the whole-document transform for what units do not cover ($defs)", async () => {
    const document = { openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {}, $defs: { A: { type: "string" } } };
    const { cache, counts } = countingCache();
    const result = await byUnit(document, cache);
    expect(result).toMatchObject({ hits: 0, misses: 0, text: whole(document) });
    expect(counts.sets).toBe(0);
  });

  it("falls back to the whole-document transform when a unit throws, which then reports the vendor's flaw as before", async () => {
    const document = { openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {}, webhooks: { broken: null } };
    const { cache, counts } = countingCache();
    expect(() => whole(document)).toThrow();
    await expect(byUnit(document, cache)).rejects.toThrow(/./);
    expect(() => typesStage(structuredClone(document), { cache })).toThrow(errorOf(() => whole(document)));
    expect(counts.sets).toBe(0);
  });

  it("does not serve an entry whose content was altered", async () => {
    const document = api({ name: "limit", in: "query", schema: { type: "integer" } }, { type: "string" });
    const { cache } = countingCache();
    await byUnit(document, cache);
    await cache.flush();
    // A well-formed entry (right hash) of the wrong shape is a miss too: each pack is written again with its
    // entries altered and their hashes right, under a new name (the old one gone, as a prune leaves it).
    const root = path.join(cache.location!.dir, cache.location!.key);
    const { createHash } = await import("node:crypto");
    const indexes = readdirSync(root).filter((name) => name.endsWith(".index"));
    expect(indexes.length).toBeGreaterThan(0);
    for (const [n, name] of indexes.entries()) {
      const pack = readFileSync(path.join(root, name.replace(/\.index$/, ".pack")));
      let offset = 0;
      const values: string[] = [];
      const index = (JSON.parse(readFileSync(path.join(root, name), "utf8")) as Array<[string, number, number, string]>).map(([key, at, length]) => {
        const altered = JSON.stringify({ ...JSON.parse(pack.subarray(at, at + length).toString("utf8")), refs: "none" });
        values.push(altered);
        const entry = [key, offset, Buffer.byteLength(altered), createHash("sha256").update(altered).digest("hex")];
        offset += Buffer.byteLength(altered);
        return entry;
      });
      rmSync(path.join(root, name));
      writeFileSync(path.join(root, `altered-${n}.pack`), values.join(""));
      writeFileSync(path.join(root, `altered-${n}.index`), JSON.stringify(index));
    }
    const reopened = countingCache(cache.location!.dir);
    expect(await byUnit(document, reopened.cache)).toMatchObject({ hits: 0, text: whole(document) });
    expect(reopened.counts.gets).toBeGreaterThan(0);
  });
});
