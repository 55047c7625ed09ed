// @ts-check
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/**
 * The minified, gzipped size of one entry point (generated/<file>.client.ts) with its runtime dependencies
 * (openapi-fetch) inlined, as an app's bundler would ship it. Built with splitting, so the
 * validators, imported on first use, are chunks of their own and counted apart. Shared by the
 * size test (the guard) and npm run bench (the table).
 * @param {string} file e.g. "solvapay", or a .ts file relative to the repository ("src/index.ts", the main entry)
 * @returns {Promise<{ runtime: number, validators: number, code: string }>} bytes
 */
export async function entrySize(file) {
  const { outputFiles } = await build({
    entryPoints: [file.endsWith(".ts") ? path.join(repoRoot, file) : path.join(repoRoot, "generated", `${file}.client.ts`)],
    bundle: true,
    minify: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    outdir: "/virtual",
    write: false,
    logLevel: "silent",
  });
  const isValidators = (/** @type {{ path: string }} */ f) => path.basename(f.path).includes("validators");
  const runtime = outputFiles.filter((f) => !isValidators(f));
  const validators = outputFiles.filter(isValidators);
  if (validators.length === 0) throw new Error(`${file}: the validators are not a chunk of their own`);
  const code = runtime.map((f) => f.text).join("\n");
  const gzipped = (/** @type {string} */ text) => gzipSync(text, { level: 9 }).length;
  return { runtime: gzipped(code), validators: gzipped(validators.map((f) => f.text).join("\n")), code };
}
