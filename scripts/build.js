#!/usr/bin/env node
// @ts-check
// npm run build (and prepack): compiles src/ and generated/ to dist/ as one CommonJS implementation
// (dist/cjs) with ES module wrappers that re-export it (dist/esm), so `import` and `require` share one
// copy of every module and `instanceof ApiError` holds across both (no dual-package hazard).
// Every module gets a wrapper at the same relative path, so an exports pattern such as
// "./*": { import: "./dist/esm/generated/*.client.js", require: "./dist/cjs/generated/*.client.js" }
// works for any module without a build change.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = path.join(root, "dist");
const cjs = path.join(dist, "cjs");
const esm = path.join(dist, "esm");
const require = createRequire(import.meta.url);

rmSync(dist, { recursive: true, force: true });

// Declarations from tsc, beside the CommonJS files they describe (dist/cjs is "type": "commonjs").
const tsc = require.resolve("typescript/bin/tsc");
const result = spawnSync(process.execPath, [tsc, "-p", path.join(root, "scripts", "tsconfig.build.json")], { stdio: "inherit" });
if (result.status !== 0) process.exit(result.status ?? 1);

// JavaScript from esbuild, one file per module (no bundling): TypeScript and the generated ES module
// validators become CommonJS. The transform API (not build) gives Babel's interop, which honours a
// CommonJS dependency's __esModule (openapi-fetch's `exports.default`). import() becomes require() so
// that module loaders without ESM support (Jest's default) can load the validators too.
const sources = [...listFiles(path.join(root, "src"), ".ts"), ...listFiles(path.join(root, "generated"), ".ts"), ...listFiles(path.join(root, "generated"), ".validators.js")];
for (const file of sources.filter((name) => !name.endsWith(".d.ts"))) {
  const { code } = transformSync(readFileSync(file, "utf8"), {
    sourcefile: path.relative(root, file),
    loader: file.endsWith(".ts") ? "ts" : "js",
    format: "cjs",
    platform: "node",
    target: "node20",
    supported: { "dynamic-import": false },
    // As tsc compiles them (tsconfig.json): imports kept as written, class fields with define semantics.
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true, useDefineForClassFields: true } },
  });
  const target = path.join(cjs, path.relative(root, file)).replace(/\.ts$/, ".js");
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, code);
}
for (const file of listFiles(path.join(root, "generated"), ".validators.d.ts")) copyFileSync(file, path.join(cjs, "generated", path.basename(file)));
writeFileSync(path.join(cjs, "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);

// ES module wrappers. Names are read from the built module itself, so they cannot drift from it.
for (const file of listFiles(cjs, ".js")) {
  const relative = path.relative(cjs, file);
  const target = path.join(esm, relative);
  mkdirSync(path.dirname(target), { recursive: true });
  const specifier = toSpecifier(path.relative(path.dirname(target), file));
  const names = Object.keys(require(file)).filter((name) => name !== "__esModule");
  const named = names.filter((name) => name !== "default");
  const lines = [`import cjsModule from ${JSON.stringify(specifier)};`, named.length > 0 ? `export const { ${named.join(", ")} } = cjsModule;` : "export {};"];
  if (names.includes("default")) lines.push("export default cjsModule.default;");
  writeFileSync(target, `${lines.join("\n")}\n`);
  // The wrapper's types are the CommonJS declarations themselves: one declaration of each class.
  writeFileSync(target.replace(/\.js$/, ".d.ts"), `export * from ${JSON.stringify(specifier)};\n`);
}

/**
 * Files under `dir` (recursively) whose names end with `suffix`.
 * @param {string} dir
 * @param {string} suffix
 * @returns {string[]}
 */
function listFiles(dir, suffix) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * A relative path as an import specifier ("./x.js", "../x.js").
 * @param {string} relative
 */
function toSpecifier(relative) {
  const posix = relative.split(path.sep).join("/");
  return posix.startsWith(".") ? posix : `./${posix}`;
}
