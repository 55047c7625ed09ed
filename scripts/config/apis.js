// @ts-check
import { readFileSync } from "node:fs";
import path from "node:path";
import { GenerateError } from "../report/errors.js";
import { sha256 } from "../store/hash.js";

/**
 * @typedef {object} ApiEntry
 * @property {string} alias     `name@version` as written under `apis:`
 * @property {string} name      the part before `@`; decides the output path generated/<name>.ts
 * @property {string} root      the spec, relative to the project root
 * @property {string[]} overlays overlay documents, relative to the project root, in order
 * @property {string} configHash hash of what redocly.yaml says that applies to this API: its own entry and
 *   everything outside `apis:`, so adding or changing another API leaves this one's files alone
 */

const NAME = /^[a-z][a-z0-9-]*$/;
// The version is printed into every generated file's header: nothing that could end a comment or a line.
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/** @typedef {{ sha256: string, apis: ApiEntry[] }} ConfigRecord what the manifest remembers of redocly.yaml */

/**
 * Reads the API list from redocly.yaml without loading Redocly, and without parsing YAML at all
 * when the file is the one the manifest recorded: the no-op run must stay well under 0.3 s.
 * @param {string} configPath absolute path of redocly.yaml
 * @param {ConfigRecord} [recorded] from the manifest
 * @returns {Promise<{ apis: ApiEntry[], projectRoot: string, configFile: string, record: ConfigRecord }>}
 */
export async function readApis(configPath, recorded) {
  const projectRoot = path.dirname(configPath);
  const configFile = path.basename(configPath);
  let text;
  try {
    text = readFileSync(configPath, "utf8");
  } catch (error) {
    throw new GenerateError(`cannot read the Redocly config (${codeOf(error)})`, { file: configFile });
  }
  const hash = sha256(text);
  if (recorded?.sha256 === hash && Array.isArray(recorded.apis) && recorded.apis.every((a) => typeof a.configHash === "string")) return { apis: recorded.apis, projectRoot, configFile, record: recorded };
  const { parseDocument } = await import("yaml");
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const first = /** @type {import("yaml").YAMLError} */ (doc.errors[0]);
    const [line, col] = first.linePos?.[0] ? [first.linePos[0].line, first.linePos[0].col] : [undefined, undefined];
    throw new GenerateError(`invalid YAML: ${(first.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "")}`, { file: configFile, line, col });
  }
  const raw = doc.toJS();
  const apisNode = raw?.apis;
  if (!apisNode || typeof apisNode !== "object" || Object.keys(apisNode).length === 0) {
    throw new GenerateError("no APIs listed under `apis:` (add `<name>@<version>: { root: specs/<name>.yaml }`)", { file: configFile });
  }
  /** @type {ApiEntry[]} */
  const apis = [];
  const seen = new Set();
  const { apis: _, ...shared } = raw;
  for (const [alias, entry] of Object.entries(apisNode)) {
    const name = alias.split("@")[0] ?? "";
    if (!NAME.test(name)) {
      throw new GenerateError(`API name '${name}' (from '${alias}') must match ${NAME}: it becomes generated/<name>.ts`, { file: configFile });
    }
    const version = alias.slice(name.length + 1);
    if (alias.includes("@") && !VERSION.test(version)) {
      throw new GenerateError(`API version '${version}' (from '${alias}') must match ${VERSION}`, { file: configFile });
    }
    if (seen.has(name)) throw new GenerateError(`two APIs share the name '${name}'; each writes generated/${name}.ts`, { file: configFile });
    seen.add(name);
    if (!entry || typeof entry.root !== "string") {
      throw new GenerateError(`API '${alias}' has no \`root:\` spec file`, { file: configFile });
    }
    const overlays = entry.overlays ?? [];
    if (!Array.isArray(overlays) || overlays.some((o) => typeof o !== "string")) {
      throw new GenerateError(`API '${alias}': \`overlays:\` must be a list of files`, { file: configFile });
    }
    apis.push({ alias, name, root: normal(entry.root), overlays: overlays.map(normal), configHash: sha256(JSON.stringify({ shared, alias, entry })) });
  }
  return { apis, projectRoot, configFile, record: { sha256: hash, apis } };
}

/** @param {string} p */
function normal(p) {
  return path.posix.normalize(p.replaceAll("\\", "/"));
}

/** @param {unknown} error */
export function codeOf(error) {
  return error && typeof error === "object" && "code" in error ? String(error.code) : String(error);
}
