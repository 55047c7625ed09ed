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
  const standalone = counter === 0 ? "" : standaloneCode(ajv, exports);
  if (/\brequire\(|^import /m.test(standalone)) {
    // Runtime helpers (ucs2length for minLength, equal for enums of objects) would make ajv a runtime dependency.
    throw new Error("ajv emitted code that imports its runtime; extend the validators stage to inline that helper");
  }
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
  return out;
}

/**
 * @param {Record<string, any> | undefined} map
 */
function cleanMap(map) {
  return Object.fromEntries(Object.entries(map ?? {}).map(([name, schema]) => [name, clean(schema)]));
}
