// @ts-check
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseDocument } from "yaml";
import { hasExternalRefs } from "../report/json-pointer.js";

/** A spec file that cannot be diffed; the message names the file. */
export class SpecLoadError extends Error {
  /** @override */
  name = "SpecLoadError";
}

/**
 * Reads a YAML or JSON OpenAPI 3.x file. Files with external $refs are bundled with
 * Redocly first, loaded lazily so plain files stay fast.
 * @param {string} file @returns {Promise<Record<string, any>>}
 */
export async function loadSpec(file) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    throw new SpecLoadError(code === "ENOENT" ? `${file}: no such file` : `${file}: cannot read: ${/** @type {Error} */ (error).message}`);
  }
  const doc = parse(file, text);
  checkOpenApi3(file, doc);
  return hasExternalRefs(doc) ? bundle(file) : doc;
}

/** @param {string} file @param {string} text @returns {unknown} */
function parse(file, text) {
  // JSON.parse is much faster than a YAML parser on big JSON specs.
  if (/^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // Not strict JSON (comments, flow-style YAML): the YAML parser reports it properly.
    }
  }
  const document = parseDocument(text, { uniqueKeys: false });
  const [error] = document.errors;
  if (error) {
    const at = error.linePos?.[0];
    const where = at ? ` at line ${at.line}, column ${at.col}` : "";
    const reason = error.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "");
    throw new SpecLoadError(`${file}: invalid YAML${where}: ${reason}`);
  }
  try {
    // yaml's guard against alias bombs (a few lines that expand to gigabytes), at ten times its default.
    return document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw new SpecLoadError(`${file}: ${/** @type {Error} */ (error).message}`);
  }
}

/** @param {string} file @param {unknown} doc @returns {asserts doc is Record<string, any>} */
function checkOpenApi3(file, doc) {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new SpecLoadError(`${file}: not an OpenAPI document (the top level is not a mapping)`);
  }
  const { openapi, swagger } = /** @type {Record<string, unknown>} */ (doc);
  if (swagger !== undefined) {
    throw new SpecLoadError(`${file}: Swagger ${String(swagger)} is not supported; convert it to OpenAPI 3.x first`);
  }
  if (openapi === undefined) throw new SpecLoadError(`${file}: not an OpenAPI document (no "openapi" field)`);
  if (!/^3\.\d+(\.\d+)?/.test(String(openapi))) {
    throw new SpecLoadError(`${file}: OpenAPI ${String(openapi)} is not supported; expected 3.x`);
  }
}


/** @param {string} file */
async function bundle(file) {
  const { bundle, createConfig } = await import("../stages/redocly.js");
  const config = await createConfig({});
  let result;
  try {
    result = await bundle({ ref: resolve(file), config, dereference: false });
  } catch (error) {
    throw new SpecLoadError(`${file}: cannot bundle external $refs: ${/** @type {Error} */ (error).message}`);
  }
  const problem = result.problems.find((p) => p.severity === "error");
  if (problem) throw new SpecLoadError(`${file}: cannot bundle external $refs: ${problem.message}`);
  return /** @type {Record<string, any>} */ (result.bundle.parsed);
}
