// @ts-check
import AjvModule from "ajv";
import standaloneModule from "ajv/dist/standalone/index.js";

/** Responses of these methods get a validator: the facade wraps update calls only. */
export const VALIDATED_METHODS = ["put", "patch"];

// Annotations do not change what validates; dropping them keeps the emitted code small.
const ANNOTATIONS = new Set(["description", "example", "examples", "title", "deprecated", "externalDocs", "xml", "discriminator", "readOnly", "writeOnly"]);
const SCHEMA_MAPS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
const SCHEMA_LISTS = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SCHEMA_VALUES = ["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedProperties", "unevaluatedItems", "additionalItems"];

/**
 * Compiles, with ajv's standalone code generation, one validator per 2xx JSON response of each
 * update operation, so the client checks vendor responses without shipping ajv itself.
 * Formats are not checked: like the generated types, validation holds vendors to shape, not to
 * `format` hints they often bend.
 * @param {Record<string, any>} document bundled, overlays applied
 * @returns {{ code: string, declarations: string, count: number }}
 */
export default function validatorsStage(document) {
  const Ajv = /** @type {any} */ (AjvModule).default ?? AjvModule;
  const standaloneCode = /** @type {any} */ (standaloneModule).default ?? standaloneModule;
  const ajv = new Ajv({
    code: { source: true, esm: true, optimize: true, lines: false },
    strict: false,
    allErrors: true,
    validateFormats: false,
    // OpenAPI 3.0 `nullable: true` is understood by ajv itself.
  });
  ajv.addSchema({ $id: "spec.json", definitions: cleanMap(document.components?.schemas) });

  /** @type {Record<string, string>} export name -> schema id */
  const exports = {};
  /** @type {Map<string, Map<string, string>>} operationId -> status -> export name */
  const table = new Map();
  let counter = 0;
  for (const [pathKey, item] of Object.entries(document.paths ?? {})) {
    for (const method of VALIDATED_METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const operationId = operation.operationId ?? `${method} ${pathKey}`;
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (!/^2(\d\d|XX)$/.test(status)) continue;
        const schema = resolveResponse(document, response)?.content?.["application/json"]?.schema;
        if (!schema) continue;
        const id = `response${counter++}`;
        ajv.addSchema({ $id: `${id}.json`, ...clean(schema) });
        exports[id] = `${id}.json`;
        if (!table.has(operationId)) table.set(operationId, new Map());
        /** @type {Map<string, string>} */ (table.get(operationId)).set(status, id);
      }
    }
  }
  const standalone = inlineRuntime(counter === 0 ? "" : standaloneCode(ajv, exports));
  const entries = [...table].map(
    ([operationId, byStatus]) => `  ${JSON.stringify(operationId)}: { ${[...byStatus].map(([status, id]) => `${JSON.stringify(status)}: ${id}`).join(", ")} },`,
  );
  const code = `${standalone.replace(/^"use strict";/, "")}\n\nexport const responseValidators = {\n${entries.join("\n")}\n};\n`;
  const declarations = `/** A compiled validator: returns true when the body matches; otherwise \`errors\` says where. */
export type ValidateFunction = ((data: unknown) => boolean) & {
  errors?: null | Array<{ instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }>;
};

/** operationId -> response status -> validator of that response's JSON body. */
export declare const responseValidators: {
${[...table].map(([operationId, byStatus]) => `  readonly ${JSON.stringify(operationId)}: { ${[...byStatus].map(([status]) => `readonly ${JSON.stringify(status)}: ValidateFunction`).join("; ")} };`).join("\n")}
};
`;
  return { code, declarations, count: counter };
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
 * @param {Record<string, any>} document
 * @param {any} response
 */
function resolveResponse(document, response) {
  let current = response;
  for (let depth = 0; current?.$ref && depth < 16; depth++) current = pointer(document, current.$ref);
  return current;
}

/**
 * @param {Record<string, any>} document
 * @param {string} ref
 */
function pointer(document, ref) {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((node, key) => node?.[key], /** @type {any} */ (document));
}

/**
 * Copies a schema without annotations, pointing refs to components at the shared "spec.json" schema
 * (ajv follows refs into `definitions`, not into an OpenAPI `components` object).
 * @param {any} schema
 * @returns {any}
 */
function clean(schema) {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return schema;
  /** @type {Record<string, any>} */
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key) || key.startsWith("x-")) continue;
    if (key === "$ref" && typeof value === "string") out.$ref = value.replace(/^#\/components\/schemas\//, "spec.json#/definitions/");
    else if (SCHEMA_MAPS.includes(key)) out[key] = cleanMap(value);
    else if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) out[key] = value.map(clean);
    else if (SCHEMA_VALUES.includes(key)) out[key] = Array.isArray(value) ? value.map(clean) : clean(value);
    else out[key] = value;
  }
  // OpenAPI 3.0 allows `nullable` beside `allOf`/`$ref` with no `type`; ajv only takes it with a type.
  if ("nullable" in out && !("type" in out)) {
    const { nullable, ...rest } = out;
    return nullable === true ? { anyOf: [rest, { type: "null" }] } : rest;
  }
  return out;
}

/**
 * @param {Record<string, any> | undefined} map
 */
function cleanMap(map) {
  return Object.fromEntries(Object.entries(map ?? {}).map(([name, schema]) => [name, clean(schema)]));
}
