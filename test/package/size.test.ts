import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { expect, test } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const LIMIT_BYTES = 8 * 1024;

// The validators are imported on first use, so with splitting they land in a chunk of their own, left out here.
test.each(["solvapay", "chatdash"])("product-clients/%s with openapi-fetch is under 8 kB minified and gzipped", async (api) => {
  const { outputFiles } = await build({
    entryPoints: [`${root}src/${api}.ts`],
    bundle: true,
    minify: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    outdir: "/virtual",
    write: false,
    logLevel: "silent",
  });
  const runtime = outputFiles.filter((file) => !file.path.includes("validators"));
  expect(runtime.length, "the validators should be a chunk of their own").toBeLessThan(outputFiles.length);
  const code = runtime.map((file) => file.text).join("\n");
  // openapi-fetch is inlined, so its size is counted.
  expect(code).toContain("onRequest: must return new Request()");
  const size = gzipSync(code).length;
  expect(size).toBeGreaterThan(1000);
  expect(size).toBeLessThan(LIMIT_BYTES);
});
