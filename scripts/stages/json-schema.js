// @ts-check
// OpenAPI schema objects -> the JSON Schema that ajv compiles. ajv's own dialects do the work
// (ajv-draft-04 for 3.0, whose boolean exclusiveMinimum/Maximum are draft-04's; ajv/dist/2020 for
// 3.1); this is only the rewriting no dialect does, in one place.

// Annotations do not change what validates; dropping them keeps the emitted code small.
const ANNOTATIONS = new Set(["description", "example", "examples", "title", "deprecated", "externalDocs", "xml", "discriminator", "readOnly", "writeOnly", "$comment"]);
// A schema's own `$id`/`$schema` would move its base URI or name a dialect ajv has not loaded (3.1's OAS dialect).
const DROPPED = new Set([...ANNOTATIONS, "$id", "$schema", "nullable"]);
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
const SCHEMA_LISTS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
const SCHEMA_VALUES = new Set(["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedProperties", "unevaluatedItems", "additionalItems"]);

/** @typedef {"draft-04" | "2020-12"} Dialect */

/**
 * The JSON Schema dialect ajv compiles a document's schemas in: OpenAPI 3.0's schema object is
 * draft-04 plus extensions; 3.1's is JSON Schema 2020-12.
 * @param {Record<string, any>} document
 * @returns {Dialect}
 */
export function dialectOf(document) {
  return /^3\.0(\.|$)/.test(String(document.openapi ?? "")) ? "draft-04" : "2020-12";
}

/**
 * Rewrites one OpenAPI schema object into JSON Schema ajv accepts, changing what validates only
 * where vendors' documents rely on it:
 * - `nullable: true` (3.0's; read in 3.1 too, as openapi-typescript's types read it) admits null,
 *   also beside an `enum` without null, a `$ref` or no `type`;
 * - 3.0: a `$ref`'s siblings are ignored (3.0 says so; ajv would apply them); a boolean
 *   `exclusiveMinimum`/`exclusiveMaximum` without its bound is dropped, a numeric one becomes
 *   draft-04's form; an empty `required` is dropped (draft-04 forbids it);
 * - 3.1: a boolean `exclusiveMinimum`/`exclusiveMaximum` (draft-04's, which a 3.1 document may declare) becomes
 *   the numeric form, or is dropped where it qualifies no bound;
 * - duplicate `enum`, `required` and `type` items are removed (draft-04's meta-schema forbids them);
 * - annotations, `x-` extensions, `$id` and `$schema` are dropped; `true`/`false` become `{}`/`{ not: {} }`;
 * - every `$ref` is replaced by `mapRef($ref)`.
 * @param {unknown} schema
 * @param {{ dialect: Dialect, mapRef: (ref: string) => string }} options
 * @returns {any}
 */
export function toJsonSchema(schema, options) {
  if (schema === true) return {};
  if (schema === false) return { not: {} };
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return schema;
  const draft04 = options.dialect === "draft-04";
  const source = /** @type {Record<string, any>} */ (schema);
  /** @type {Record<string, any>} */
  let out = {};
  const keys = draft04 && typeof source.$ref === "string" ? ["$ref"] : Object.keys(source);
  for (const key of keys) {
    const value = source[key];
    if (DROPPED.has(key) || key.startsWith("x-")) continue;
    if (key === "$ref" && typeof value === "string") out.$ref = options.mapRef(value);
    else if (SCHEMA_MAPS.has(key) && isObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v, options)]));
    else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) out[key] = value.map((v) => toJsonSchema(v, options));
    else if (SCHEMA_VALUES.has(key)) out[key] = Array.isArray(value) ? value.map((v) => toJsonSchema(v, options)) : toJsonSchema(value, options);
    else if ((key === "enum" || key === "required" || key === "type") && Array.isArray(value)) out[key] = unique(value);
    else out[key] = value;
  }
  out = draft04 ? draft04Bounds(out) : numericBounds(out);
  if (Array.isArray(out.required) && out.required.length === 0 && draft04) delete out.required;
  return source.nullable === true ? admitNull(out) : out;
}

/**
 * @param {Record<string, any>} schema
 */
function draft04Bounds(schema) {
  for (const [exclusive, bound] of /** @type {const} */ ([["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]])) {
    const value = schema[exclusive];
    if (typeof value === "number" && !(bound in schema)) Object.assign(schema, { [bound]: value, [exclusive]: true });
    else if (typeof value === "boolean" && !(bound in schema)) delete schema[exclusive];
  }
  return schema;
}

/**
 * 3.1 (2020-12) has only numeric `exclusiveMinimum`/`exclusiveMaximum`. A boolean one is draft-04's (a 3.1 document that
 * declares draft-04 as its `jsonSchemaDialect` or a schema's `$schema`, or 3.0's habit): its meaning is the bound's,
 * made exclusive, so it becomes the numeric form; without its bound, or false, it qualifies nothing and is dropped.
 * @param {Record<string, any>} schema
 */
function numericBounds(schema) {
  for (const [exclusive, bound] of /** @type {const} */ ([["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]])) {
    const value = schema[exclusive];
    if (typeof value !== "boolean") continue;
    if (value && typeof schema[bound] === "number") {
      schema[exclusive] = schema[bound];
      delete schema[bound];
    } else delete schema[exclusive];
  }
  return schema;
}

/**
 * A schema that also accepts null: `type` and `enum` widened where they alone decide, otherwise
 * `anyOf` [the schema, null], so composed and `$ref` schemas stay exact.
 * @param {Record<string, any>} schema
 */
function admitNull(schema) {
  const simple = "type" in schema && !["$ref", "allOf", "anyOf", "oneOf", "not", "const", "if"].some((k) => k in schema);
  if (!simple) return Object.keys(schema).length === 0 ? schema : { anyOf: [schema, { type: "null" }] };
  const types = [schema.type].flat();
  /** @type {Record<string, any>} */
  const out = { ...schema, type: types.includes("null") ? schema.type : [...types, "null"] };
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

/**
 * @param {unknown[]} values
 */
function unique(values) {
  const seen = new Set();
  return values.filter((value) => {
    const key = canonical(value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** JSON text with sorted keys, so equal values compare equal. @param {unknown} value @returns {string} */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  return JSON.stringify(value) ?? "undefined";
}

/** @param {unknown} value @returns {value is Record<string, any>} */
function isObject(value) {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

