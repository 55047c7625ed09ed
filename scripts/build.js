#!/usr/bin/env node
// @ts-check
// npm run build (and prepack): compiles src/ and generated/ to dist/. tsc does not emit a .js file
// that has a .d.ts beside it, so the generated validators (JavaScript from ajv, with declarations)
// and their declarations are copied next to their compiled neighbours.
import { spawnSync } from "node:child_process";
import { copyFileSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = path.join(root, "dist");
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const result = spawnSync(process.execPath, [tsc, "-p", path.join(root, "scripts", "tsconfig.build.json")], { stdio: "inherit" });
if (result.status !== 0) process.exit(result.status ?? 1);
for (const name of readdirSync(path.join(root, "generated"))) {
  if (name.endsWith(".validators.js") || name.endsWith(".validators.d.ts")) copyFileSync(path.join(root, "generated", name), path.join(dist, "generated", name));
}
