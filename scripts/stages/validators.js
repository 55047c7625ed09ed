// @ts-check
import AjvModule from "ajv/dist/2020.js";
import AjvDraft04Module from "ajv-draft-04";
import standaloneModule from "ajv/dist/standalone/index.js";
import { Script } from "node:vm";
import { GenerateError } from "../report/errors.js";
import { escapeToken, keysOf, pointerOf, resolvePointer } from "../report/json-pointer.js";
import { callsOf } from "./calls.js";
import { dialectOf, toJsonSchema } from "./json-schema.js";

/**
 * Compiles, with ajv's standalone code generation, one validator per 2xx JSON response of each
 * call, so the client checks vendor responses without shipping ajv itself. Only those schemas and
 * the ones they `$ref` (transitively) are compiled: a flaw elsewhere in the spec does not matter.
 * Formats are not checked: like the generated types, validation holds vendors to shape, not to
 * `format` hints they often bend.
 * @param {Record<string, any>} document bundled, overlays applied
 * @param {{ file?: string, cache?: import("../store/cache.js").Cache }} [options] `file`: the API's spec, for error messages
 * @returns {{ code: string, declarations: string, count: number }}
 */
export default function validatorsStage(document, { file, cache } = {}) {
  const dialect = dialectOf(document);
  const Ajv = /** @type {any} */ (dialect === "draft-04" ? AjvDraft04Module : AjvModule);
  const standaloneCode = /** @type {any} */ (standaloneModule).default ?? standaloneModule;
  const ajv = new (Ajv.default ?? Ajv)({
    code: { source: true, esm: true, optimize: true, lines: false },
    strict: false,
    allErrors: true,
    validateFormats: false,
    // Vendors write patterns for other regex engines; without the u flag JS accepts more of them (`[\w-.]`, `\-`).
    unicodeRegExp: false,
    // Each schema a $ref reaches is compiled once, as a function its referrers call, where ajv would copy its code into
    // every referrer (unless the $ref is recursive): GitHub's module is 1.83 MB against 3.11 MB, and compiles in
    // 380-398 ms against 642-688 ms (one thread, two runs each). The verdicts and errors are the same.
    inlineRefs: false,
  });
  const fail = (/** @type {string} */ pointer, /** @type {string} */ why) =>
    new GenerateError(`${pointer}: cannot build its response validator: ${why}`, { file });

  /** @type {Map<string, string>} JSON pointer of a schema -> its ajv key */
  const keys = new Map();
  /** @type {Map<string, string>} ajv key -> JSON pointer, to name schemas in ajv's messages */
  const pointers = new Map();
  /** @type {Array<[string, unknown]>} */
  const queue = [];
  /** The ajv key of the schema at `pointer`, queued for adding on first sight. */
  const keyOf = (/** @type {string} */ pointer, /** @type {unknown} */ schema, /** @type {string} */ prefix) => {
    let key = keys.get(pointer);
    if (!key) {
      key = `${prefix}${keys.size}.json`;
      keys.set(pointer, key);
      pointers.set(key, pointer);
      queue.push([pointer, schema]);
    }
    return key;
  };

  /** @type {Record<string, string>} export name -> ajv key */
  const exports = {};
  /**
   * ajv key -> its export name. Responses that share one response object (a `$ref` to `components/responses`) share
   * one export: ajv's standalone code declares a validator once per export, and an ES module that declares a
   * function twice does not load (GitHub's spec: `validate40` twice, for two calls' one response).
   * @type {Map<string, string>}
   */
  const exported = new Map();
  /** @type {Map<string, Map<string, string>>} operationId -> status -> export name */
  const table = new Map();
  let counter = 0;
  // The calls generate writes (calls.js decides which operations are calls), keyed as the client names them.
  for (const { path: pathKey, method: upper, operation: operationId } of callsOf(document).calls) {
    const method = upper.toLowerCase();
    const operation = document.paths[pathKey][method];
    {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (!/^2(\d\d|XX)$/.test(status)) continue;
        const resolved = resolveResponse(document, response, `#/paths/${escapeToken(pathKey)}/${method}/responses/${escapeToken(status)}`);
        const media = jsonMediaType(resolved.response?.content);
        if (!media) continue;
        const schema = resolved.response.content[media].schema;
        if (schema === undefined) continue;
        counter++;
        const key = keyOf(`${resolved.pointer}/content/${escapeToken(media)}/schema`, schema, "r");
        let id = exported.get(key);
        if (!id) {
          id = `response${exported.size}`;
          exported.set(key, id);
          exports[id] = key;
        }
        if (!table.has(operationId)) table.set(operationId, new Map());
        /** @type {Map<string, string>} */ (table.get(operationId)).set(status, id);
      }
    }
  }

  // Each schema a response reaches through $ref is added once, under its own key, so cycles resolve.
  /** @type {Array<[string, unknown]>} ajv key -> the schema as JSON Schema */
  const schemas = [];
  while (queue.length > 0) {
    const [pointer, schema] = /** @type {[string, unknown]} */ (queue.shift());
    const mapRef = (/** @type {string} */ ref) => {
      const target = normalizePointer(ref);
      if (target === undefined) throw fail(pointer, `its $ref ${JSON.stringify(ref)} is not a pointer into this document`);
      const found = resolvePointer(document, target);
      if (found === undefined) throw fail(pointer, `its $ref ${JSON.stringify(ref)} points at nothing`);
      return keyOf(target, found, "s");
    };
    try {
      schemas.push([/** @type {string} */ (keys.get(pointer)), toJsonSchema(schema, { dialect, mapRef })]);
    } catch (error) {
      if (error instanceof GenerateError) throw error;
      throw fail(pointer, explain(error, pointers));
    }
  }
  // What ajv compiles is all of the result's input: a refresh that leaves the calls' schemas alone
  // (most do) reuses the last result, found by that input's hash.
  const cacheKey = JSON.stringify({ dialect, schemas, exports, table: [...table].map(([id, byStatus]) => [id, [...byStatus]]), pointers: [...pointers] });
  const cached = cache?.get("validators", cacheKey);
  if (cached !== undefined) return JSON.parse(cached);
  for (const [key, schema] of schemas) {
    try {
      ajv.addSchema(schema, key);
    } catch (error) {
      throw fail(/** @type {string} */ (pointers.get(key)), explain(error, pointers));
    }
  }
  /** @type {string} */
  let standalone = "";
  if (counter > 0) {
    // Compiled one by one first, so a failure names the response it came from.
    for (const key of Object.values(exports)) {
      try {
        ajv.getSchema(key);
      } catch (error) {
        throw fail(/** @type {string} */ (pointers.get(key)), explain(error, pointers));
      }
    }
    try {
      standalone = inlineRuntime(standaloneCode(ajv, exports));
    } catch (error) {
      throw new GenerateError(`cannot build the response validators: ${explain(error, pointers)}`, { file });
    }
  }
  const entries = [...table].map(
    ([operationId, byStatus]) => `  ${JSON.stringify(operationId)}: { ${[...byStatus].map(([status, id]) => `${JSON.stringify(status)}: ${id}`).join(", ")} },`,
  );
  const code = `${standalone.replace(/^"use strict";/, "")}\n\nexport const responseValidators = {\n${entries.join("\n")}\n};\n`;
  assertCompiles(code, file);
  const declarations = `/** A compiled validator: returns true when the body matches; otherwise \`errors\` says where. */
export type ValidateFunction = ((data: unknown) => boolean) & {
  errors?: null | Array<{ instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }>;
};

/** operationId -> response status -> validator of that response's JSON body. */
export declare const responseValidators: {
${[...table].map(([operationId, byStatus]) => `  readonly ${JSON.stringify(operationId)}: { ${[...byStatus].map(([status]) => `readonly ${JSON.stringify(status)}: ValidateFunction`).join("; ")} };`).join("\n")}
};
`;
  const result = { code, declarations, count: counter };
  cache?.set("validators", cacheKey, JSON.stringify(result));
  return result;
}

/**
 * ajv's message, with our keys for schemas replaced by their JSON pointers.
 * @param {unknown} error
 * @param {Map<string, string>} pointers
 */
function explain(error, pointers) {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\b[rs]\d+\.json\b/g, (key) => pointers.get(key) ?? key);
}

/**
 * The JSON media type of a response: `application/json` first, then any `+json` or `json;` variant.
 * @param {Record<string, any> | undefined} content
 */
function jsonMediaType(content) {
  if (!content || typeof content !== "object") return undefined;
  if (content["application/json"]) return "application/json";
  return Object.keys(content).find((type) => /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type));
}

// ajv's standalone code requires a few helpers from ajv's runtime; inlining them keeps ajv out of the
// client's runtime dependencies. Both act on JSON values only, which is all a response body holds.
const RUNTIME_HELPERS = {
  ucs2length: `function (str) {
  let length = 0;
  for (let pos = 0; pos < str.length; length++) {
    const code = str.charCodeAt(pos++);
    if (code >= 0xd800 && code <= 0xdbff && pos < str.length && (str.charCodeAt(pos) & 0xfc00) === 0xdc00) pos++;
  }
  return length;
}`,
  equal: `function equal(a, b) {
  if (a === b) return true;
  if (!a || !b || typeof a !== "object" || typeof b !== "object" || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && equal(a[key], b[key]));
}`,
};

/**
 * Refuses a module that declares a name twice, or is not JavaScript, rather than writing it for an app to meet at its
 * first import: ajv's standalone code has declared a validator twice (once per export of it, and in ajv issues 1361
 * and 1418), and in an ES module that is a SyntaxError. Compiled, not run, as a strict block: its top-level functions
 * and constants are then block-scoped as a module's are, so a name declared twice fails here too. 40 ms for GitHub's.
 * What only a module refuses (an HTML comment, `await` as a name) or what fails when it runs (a constant used before
 * its line) is not checked: ajv's code has neither.
 * @param {string} code the module: `export const` statements, functions and constants
 * @param {string | undefined} file
 */
export function assertCompiles(code, file) {
  try {
    // A string that held the words is only changed inside itself: nothing runs.
    new Script(`"use strict";{\n${code.replaceAll("export const ", "const ")}\n}`);
  } catch (error) {
    throw new GenerateError(`cannot build the response validators: ajv's code for them does not compile (${error instanceof Error ? error.message : String(error)})`, { file });
  }
}

/** @param {string} code */
function inlineRuntime(code) {
  /** @type {Set<string>} */
  const used = new Set();
  const inlined = code.replace(/require\("ajv\/dist\/runtime\/(\w+)"\)\.default/g, (_call, /** @type {string} */ name) => {
    if (!(name in RUNTIME_HELPERS)) throw new Error(`ajv's generated code needs its runtime helper '${name}', which the validators stage does not inline`);
    used.add(name);
    return `ajvRuntime_${name}`;
  });
  if (/\brequire\(|^import /m.test(inlined)) throw new Error("ajv's generated code imports a module; the validators must stand alone");
  const helpers = [...used].map((name) => `const ajvRuntime_${name} = ${RUNTIME_HELPERS[/** @type {keyof typeof RUNTIME_HELPERS} */ (name)]};\n`);
  return helpers.join("") + inlined;
}

/**
 * Follows a response's `$ref`s to the response object, and the pointer where it lives.
 * @param {Record<string, any>} document
 * @param {any} response
 * @param {string} pointer
 * @returns {{ response: any, pointer: string }}
 */
function resolveResponse(document, response, pointer) {
  let current = response;
  for (let depth = 0; typeof current?.$ref === "string" && depth < 16; depth++) {
    const target = normalizePointer(current.$ref);
    if (target === undefined) return { response: undefined, pointer };
    pointer = target;
    current = resolvePointer(document, target);
  }
  return { response: current, pointer };
}

/**
 * A local `$ref` as one spelling of its pointer (percent-decoding undone, escapes normalised), or undefined.
 * @param {string} ref
 */
function normalizePointer(ref) {
  const keys = keysOf(ref);
  return keys ? pointerOf(keys) : undefined;
}
