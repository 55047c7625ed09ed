import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { rolldown } from "rolldown";
import { expect, test } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const LIMIT_BYTES = 8 * 1024;

// The validators are imported on first use, so they land in a chunk of their own and are left out here.
test.each(["solvapay", "chatdash"])("product-clients/%s with openapi-fetch is under 8 kB minified and gzipped", async (api) => {
  const bundle = await rolldown({ input: `${root}src/${api}.ts`, cwd: root, logLevel: "silent", platform: "neutral" });
  const { output } = await bundle.generate({ format: "esm", minify: true });
  await bundle.close();
  const chunks = output.filter((chunk) => chunk.type === "chunk" && !chunk.fileName.includes("validators"));
  const code = chunks.map((chunk) => (chunk.type === "chunk" ? chunk.code : "")).join("\n");
  // openapi-fetch is inlined, so its size is counted.
  expect(code).toContain("onRequest: must return new Request()");
  expect(output.some((chunk) => chunk.fileName.includes("validators"))).toBe(true);
  const size = gzipSync(code).length;
  expect(size).toBeLessThan(LIMIT_BYTES);
});
