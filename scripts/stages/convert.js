// @ts-check
import { createRequire } from "node:module";
import { Source } from "./redocly.js";
import swagger2openapi from "swagger2openapi";
import { GenerateError } from "../report/errors.js";
import { escapeToken } from "../report/json-pointer.js";
import { markConverted } from "../report/problems.js";

const converterVersion = createRequire(import.meta.url)("swagger2openapi/package.json").version;

/**
 * Converts a Swagger 2.0 document to OpenAPI 3.0 with swagger2openapi (the converter APIs.guru runs
 * over its whole collection), as a Redocly Document named after the original file, so that
 * overlays, the bundler and lint all work on the conversion. Its findings carry JSON pointers
 * into the conversion: it has no lines in any file.
 * @param {import("@redocly/openapi-core").Document} document the Swagger 2.0 file as loaded
 * @param {string} file project-relative, for messages
 * @returns {Promise<{ document: import("@redocly/openapi-core").Document, notice: string }>}
 */
export async function convertSwagger2(document, file) {
  const external = firstExternalRef(document.parsed, "#");
  if (external) {
    // The converter would read (or fetch) those files itself and bypass our local-only resolver.
    throw new GenerateError(`a Swagger 2.0 document with a $ref to another file (${external.ref}) cannot be converted here; convert it as a whole first (e.g. npx swagger2openapi) and save the result under specs/`, {
      file,
      pointer: external.pointer,
    });
  }
  /** @type {any} */
  let options;
  try {
    // patch: fixes the small flaws real 2.0 documents often have (and counts them) rather than refuse them.
    options = await swagger2openapi.convertObj(/** @type {any} */ (structuredClone(document.parsed)), { patch: true, warnOnly: false, resolve: false, text: document.source.body });
  } catch (error) {
    throw new GenerateError(`cannot convert this Swagger 2.0 document to OpenAPI 3.0 (swagger2openapi ${converterVersion}): ${/** @type {Error} */ (error).message}`, { file });
  }
  const parsed = options.openapi;
  const source = new Source(document.source.absoluteRef, JSON.stringify(parsed, null, 2), "application/json");
  markConverted(source);
  const patches = options.patches ? `, patching ${options.patches} flaw${options.patches === 1 ? "" : "s"}` : "";
  return { document: { source, parsed }, notice: `converted Swagger 2.0 to OpenAPI ${parsed.openapi} with swagger2openapi ${converterVersion}${patches}` };
}

/**
 * @param {unknown} node
 * @param {string} pointer
 * @returns {{ ref: string, pointer: string } | undefined}
 */
function firstExternalRef(node, pointer) {
  if (node === null || typeof node !== "object") return undefined;
  const ref = /** @type {Record<string, unknown>} */ (node).$ref;
  if (typeof ref === "string" && !ref.startsWith("#")) return { ref, pointer: `${pointer}/$ref` };
  for (const [key, child] of Object.entries(node)) {
    const found = firstExternalRef(child, `${pointer}/${escapeToken(key)}`);
    if (found) return found;
  }
  return undefined;
}
