import { expect, test } from "vitest";
import { entrySize } from "../../scripts/bench/entry-size.js";

// 8 kB until the calls took on form bodies, idempotency keys, bounded error bodies, typed statuses and the spec's
// secrets (6.6 kB -> 8.4 kB); BENCHMARKS.md keeps the figures.
const LIMIT_BYTES = 9 * 1024;

// The guard behind the README's size promise; npm run bench prints the same measure in its table.
test.each(["solvapay", "chatdash"])("product-clients/%s with openapi-fetch is under 9 kB minified and gzipped", async (api) => {
  const { runtime, validators, code } = await entrySize(api);
  // openapi-fetch is inlined, so its size is counted.
  expect(code).toContain("onRequest: must return new Request()");
  // The testing kit (product-clients/testing, ajv) is never part of a client's bundle.
  expect(code).not.toContain("product-clients/testing");
  expect(code).not.toContain("schema is invalid");
  expect(runtime).toBeGreaterThan(1000);
  expect(runtime).toBeLessThan(LIMIT_BYTES);
  expect(validators).toBeGreaterThan(100);
});
