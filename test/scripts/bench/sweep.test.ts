import { describe, expect, it } from "vitest";
import { sample, stepFor } from "../../../scripts/bench/sweep.js";

const all = Array.from({ length: 103 }, (_, i) => `vendor${String(i).padStart(3, "0")}.example/v${i % 3}/openapi.json`);

describe("the sweep's sample", () => {
  it("takes one spec in k from the offset, and offsets 0 to k-1 take every spec once", () => {
    const k = stepFor(all.length, 10);
    expect(k).toBe(10);
    const taken = Array.from({ length: k }, (_, offset) => sample(all, 10, offset).map((spec) => spec.id));
    // 103 specs, one in 10: the first three offsets take 11 (their last at 100-102), the others 10.
    expect(taken[1]).toEqual([1, 11, 21, 31, 41, 51, 61, 71, 81, 91, 101].map((i) => all[i]));
    expect(taken[3]).toEqual([3, 13, 23, 33, 43, 53, 63, 73, 83, 93].map((i) => all[i]));
    expect(taken.flat().sort()).toEqual([...all].sort());
  });

  it("names each spec's API as a valid, distinct API name", () => {
    const specs = sample([...all, "Vendor000.Example/v0/openapi.json"], 200, 0);
    const names = specs.map((spec) => spec.name);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(new Set(names).size).toBe(names.length);
    expect(specs.map((spec) => spec.file)).toEqual(names.map((name) => `${name}.json`));
  });
});
