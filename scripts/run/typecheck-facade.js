// @ts-check
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runTsc } from "../stages/tsc.js";

/**
 * Type-checks the hand-written facade (src/) and tests (test/) against freshly generated types,
 * so a vendor change that breaks them is reported by generate itself, file:line, not later by an
 * app team. Returns no lines when the project has no src/ or everything compiles.
 * Only src/, test/ and what they import are checked: a generated file nothing imports was
 * compile-checked on its own when it was generated (stages/compile-check.js).
 * @param {string} projectRoot
 * @returns {Promise<string[]>}
 */
export async function typecheckFacade(projectRoot) {
  const configFile = path.join(projectRoot, "tsconfig.json");
  if (!existsSync(path.join(projectRoot, "src")) || !existsSync(configFile)) return [];
  const dir = await mkdtemp(path.join(os.tmpdir(), "typecheck-facade-"));
  try {
    // tsc takes no file list beside -p, so the scope is a config that extends the project's. Type roots
    // default to node_modules/@types above the config's folder: that must be the project's, not this one's.
    const typeRoots = /"typeRoots"/.test(readFileSync(configFile, "utf8")) ? {} : { typeRoots: defaultTypeRoots(projectRoot) };
    const scope = ["src", "test"].map((dir) => path.join(projectRoot, dir));
    const config = { extends: configFile, compilerOptions: { noEmit: true, ...typeRoots }, include: scope };
    await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify(config));
    const output = await runTsc(["-p", path.join(dir, "tsconfig.json"), "--pretty", "false"], projectRoot);
    return output === undefined ? [] : problemsOf(output, projectRoot, scope);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * tsc's `file(line,col): error TSn: message` lines (a message's chain follows indented) as
 * `file:line:col: message`, for files in scope; errors without a file (the config's) are kept.
 * @param {string} output
 * @param {string} projectRoot
 * @param {string[]} scope
 */
function problemsOf(output, projectRoot, scope) {
  /** @type {Array<{ file?: string, text: string }>} */
  const problems = [];
  for (const line of output.split("\n")) {
    const located = /^(.+?)\((\d+),(\d+)\): error TS\d+: (.*)$/.exec(line);
    const general = /^error TS\d+: (.*)$/.exec(line);
    const last = problems.at(-1);
    if (located) {
      const [, file = "", row, col, message] = located;
      const full = path.resolve(projectRoot, file);
      problems.push({ file: full, text: `${path.relative(projectRoot, full)}:${row}:${col}: ${message}` });
    } else if (general) problems.push({ text: `tsconfig.json: ${general[1]}` });
    else if (last && /^\s/.test(line) && line.trim()) last.text += `\n${line.trim()}`;
  }
  const inScope = (/** @type {string} */ file) => scope.some((dir) => file.startsWith(dir + path.sep));
  const shown = problems.filter((p) => !p.file || inScope(p.file)).map((p) => p.text);
  // tsc failed, yet said nothing we could read: report what it said rather than pass.
  if (problems.length === 0) return [`tsc: ${output.trim()}`];
  return shown;
}

/**
 * Every node_modules/@types from the project's folder up, as tsc finds them for a config there.
 * @param {string} projectRoot
 */
function defaultTypeRoots(projectRoot) {
  const roots = [];
  for (let dir = projectRoot; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", "@types");
    if (existsSync(candidate)) roots.push(candidate);
    if (path.dirname(dir) === dir) return roots;
  }
}
