// @ts-check
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { GenerateError } from "../report/errors.js";
import { escapeToken } from "../report/json-pointer.js";
import { resolvedCompilerOptions, runTsc } from "./tsc.js";

const load = createRequire(import.meta.url);
// A verdict is only as good as the compilers that gave it: their versions key it (the cache's folder keys the rest).
const COMPILERS = ["typescript-7", "typescript"].map((name) => `${name}@${load(`${name}/package.json`).version}`).join(" ");

/**
 * Compiles a generated types file under the project's tsconfig (with skipLibCheck, and no
 * `types`: the file imports nothing), so that generate never writes a file tsc rejects. A failure
 * names the spec and, where the error sits on a `$ref`'s type, that `$ref` and where it is; elsewhere
 * the member of `components`, `paths` or `webhooks` (or the operation) whose type holds it.
 *
 * A file that compiled is remembered by its tokens (scripts/run/type-shape.js) and the compiler
 * options the project's tsconfig resolves to: a description edit changes only comments, and does
 * not need tsc again (0.16 s of a 1 s edit loop; 1.8 s on GitHub's spec).
 * @param {string} source the types file, as it will be written (before formatting)
 * @param {{ name: string, file: string, document: Record<string, any>, projectRoot: string, cache?: import("../store/cache.js").Cache, shape?: () => Promise<string> }} api
 *   `name`: the output's base name; `file`: the spec, for messages; `document`: the bundled spec;
 *   `shape`: computes `source`'s token hash, asked only when there is a cache
 */
export default async function compileCheckStage(source, { name, file, document, projectRoot, cache, shape }) {
  if (!cache?.location || !shape) return compile(source, { name, file, document, projectRoot });
  // tsc starts at once, and is stopped if the token hash (0.3 s for GitHub's types) turns out to be known:
  // a refresh that changes the types pays no wait for it.
  const stop = new AbortController();
  const compiled = compile(source, { name, file, document, projectRoot, signal: stop.signal });
  // tsc may reject the file before the hash below arrives: until it is awaited, that must not count as unhandled.
  compiled.catch(() => {});
  // The options the check compiles under, with whatever tsconfig.json extends (17 ms, beside the check).
  const projectConfig = path.join(projectRoot, "tsconfig.json");
  const options = existsSync(projectConfig)
    ? resolvedCompilerOptions(projectConfig).then((resolved) => resolved ?? readFileSync(projectConfig, "utf8"))
    : Promise.resolve(null);
  let key;
  try {
    key = JSON.stringify({ name, shape: await shape(), compilers: COMPILERS, options: await options });
  } catch (error) {
    stop.abort();
    await compiled.catch(() => {});
    throw error;
  }
  if (cache.get("compile-check", key) !== undefined) {
    stop.abort();
    // Stopped (or done): its temporary folder is gone once it settles.
    await compiled.catch(() => {});
    return;
  }
  await compiled;
  cache.set("compile-check", key, "compiled");
}

/**
 * @param {string} source
 * @param {{ name: string, file: string, document: Record<string, any>, projectRoot: string, signal?: AbortSignal }} api
 */
async function compile(source, { name, file, document, projectRoot, signal }) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "compile-check-"));
  try {
    await writeFile(path.join(dir, `${name}.ts`), source);
    const projectConfig = path.join(projectRoot, "tsconfig.json");
    // A project without a tsconfig (a scratch copy) gets strict mode alone.
    const tsconfig = {
      ...(existsSync(projectConfig) ? { extends: projectConfig } : {}),
      compilerOptions: { strict: existsSync(projectConfig) ? undefined : true, noEmit: true, skipLibCheck: true, types: [], incremental: false, composite: false },
      files: [`${name}.ts`],
      include: [],
    };
    await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
    // TypeScript 7 checks GitHub's 6.6 MB types file in 0.65 s, against 2.5 s for the 5.x compiler API in process.
    const output = await runTsc(["-p", path.join(dir, "tsconfig.json"), "--pretty", "false"], undefined, signal);
    if (output === undefined) return;
    const lines = source.split("\n");
    // Loaded only to explain a failure: it loads the 5.x compiler, 0.3 s of the main thread's CPU.
    const { deepRefs } = await import("./type-refs.js");
    const refs = deepRefs(document);
    const errors = [...output.matchAll(/^.*?\((\d+),(\d+)\): error (TS\d+): (.*)$/gm)];
    if (errors.length === 0) throw new GenerateError(`the TypeScript compiler failed on generated/${name}.ts: ${output.trim()}`, { file });
    // Several errors at the types of one $ref read the same: each is said once, and counted once.
    const details = [...new Set(errors.map(([, line, col, code, message]) => {
      const text = lines[Number(line) - 1] ?? "";
      const ref = refs.find((r) => text.includes(r.printed) || (r.fixed && text.includes(r.fixed)));
      const member = ref ? undefined : memberAt(lines, Number(line) - 1);
      const at = `generated/${name}.ts:${line}:${col}`;
      const where = ref ? `${ref.at}: the type openapi-typescript gives its $ref ${ref.ref}` : member ? `${member} (${at})` : at;
      return `${where}: ${code} ${message}`;
    }))];
    throw new GenerateError(`generated/${name}.ts would not compile (${details.length} error${details.length === 1 ? "" : "s"}); nothing was written`, { file, details });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The spec's member whose type holds line `index` of the types as openapi-typescript prints them (four spaces a
 * level): `#/components/<kind>/<name>` or `#/paths/<path>`, found from the lines that open the blocks around it;
 * an operation's id for a line in `operations`. Undefined elsewhere (the root types, a line outside any member).
 * @param {string[]} lines
 * @param {number} index
 */
function memberAt(lines, index) {
  /** @type {string[]} the keys of the blocks around the line, outermost first */
  const keys = [];
  const own = lines[index] ?? "";
  let indent = own.length - own.trimStart().length;
  for (let i = index - 1; i >= 0 && indent > 0; i--) {
    const line = /** @type {string} */ (lines[i]);
    const spaces = line.length - line.trimStart().length;
    if (spaces >= indent || line.trim() === "") continue;
    const opened = /^ *(?:export interface (\w+)|("(?:[^"\\]|\\.)*"|[\w$]+)\??:) .*\{$/.exec(line);
    if (!opened) continue;
    indent = spaces;
    const key = opened[1] ?? /** @type {string} */ (opened[2]);
    keys.unshift(key.startsWith('"') ? JSON.parse(key) : key);
  }
  // The error may stand on the member's own line (`Child: WithRequired<…>;`): its key is the innermost.
  const declared = /^ *("(?:[^"\\]|\\.)*"|[\w$]+)\??: /.exec(own);
  const name = declared?.[1];
  if (name !== undefined) keys.push(name.startsWith('"') ? JSON.parse(name) : name);
  const [root, first, second] = keys;
  if (root === "components" && first !== undefined && second !== undefined) return `#/components/${escapeToken(first)}/${escapeToken(second)}`;
  if ((root === "paths" || root === "webhooks") && first !== undefined) return `#/${root}/${escapeToken(first)}`;
  if (root === "operations" && first !== undefined) return `operation ${first}`;
  return undefined;
}
