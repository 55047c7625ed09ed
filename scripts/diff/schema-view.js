// @ts-check
import { TYPE_OPTIONS } from "../stages/type-options.js";
import { UNRESOLVED } from "./resolve-ref.js";

/**
 * @typedef {import("./resolve-ref.js").Node} Node
 * @typedef {import("./resolve-ref.js").RefResolver} RefResolver
 *
 * A schema as the generated client sees it: refs followed, nullability read the same way
 * for 3.0 (`nullable: true`) and 3.1 (`type: [x, "null"]`, `oneOf: [x, {type: "null"}]`),
 * and `allOf` merged into one object.
 *
 * @typedef {object} SchemaView
 * @property {string | undefined} key the $ref this view's structure came from; memoises comparisons
 * @property {Node} doc the node holding description/examples
 * @property {Set<string> | null} types non-null JSON types; null means any
 * @property {boolean} nullable
 * @property {Record<string, Node>} properties own enumerable keys only; may be the document's own object
 * @property {Set<string>} required
 * @property {Node | undefined} items
 * @property {Node | undefined} additionalProperties the schema of keys beyond `properties`, when an object takes
 *   them, as its generated type does: `additionalProperties` itself, or `{}` for `true` and for a free-form object
 *   (no properties, no additionalProperties); undefined for a closed one
 * @property {unknown[] | undefined} enum non-null values (`const` read as a one-value enum)
 * @property {{ keyword: "oneOf" | "anyOf", schemas: Node[] } | undefined} variants
 * @property {Node} constraints the node carrying maxLength, pattern, format ...
 * @property {boolean} readOnly
 * @property {boolean} writeOnly
 * @property {boolean} unresolved a $ref it depends on points nowhere: not compared
 */

const STRUCTURE = ["type", "properties", "items", "enum", "const", "additionalProperties", "allOf", "format", "pattern"];

// Shared by every view without properties; views are never mutated.
/** @type {Record<string, Node>} */
const NO_PROPERTIES = Object.freeze(Object.create(null));
/** @type {Set<string>} */
const NO_NAMES = new Set();
/** The schema that allows anything: what `additionalProperties: true` and a missing `items` mean. */
const ANY = Object.freeze({});

/** @param {Node} node */
const isNullSchema = (node) => node.type === "null" || (Array.isArray(node.type) && node.type.length === 1 && node.type[0] === "null");

/** @param {Node} node */
const hasStructure = (node) => STRUCTURE.some((key) => node[key] !== undefined);

/**
 * An object without properties (`properties: {}` too) is generated as `Record<string, unknown>` under
 * the generator's `emptyObjectsUnknown`: it takes any key.
 * @param {Node} node
 */
const isFreeForm = (node) => !node.allOf && (node.properties === undefined || (TYPE_OPTIONS.emptyObjectsUnknown && node.properties !== null && typeof node.properties === "object" && !hasKeys(node.properties)));

/** @param {unknown} value */
const jsonType = (value) => (typeof value === "number" ? (Number.isInteger(value) ? "integer" : "number") : Array.isArray(value) ? "array" : typeof value);

/** Whether a record has any key, without building the list of them. */
export const hasKeys = (/** @type {object} */ record) => {
  for (const _ in record) return true;
  return false;
};

/** @param {RefResolver} refs */
export function createSchemaViewer(refs) {
  // A Map, not a WeakMap: it lives for one diff, and V8's GC is slow with large WeakMaps.
  /** @type {Map<Node, SchemaView>} */
  const cache = new Map();
  /** @type {Set<Node>} */
  const merging = new Set();

  /** @param {unknown} raw @returns {SchemaView} */
  function view(raw) {
    const node = raw !== null && typeof raw === "object" ? /** @type {Node} */ (raw) : {};
    let cached = cache.get(node);
    if (!cached) {
      cached = build(node);
      cache.set(node, cached);
    }
    return cached;
  }

  /** @param {Node} raw @returns {SchemaView} */
  function build(raw) {
    let { node, ref: key } = refs.resolve(raw);
    const doc = node;
    let nullable = raw.nullable === true || node.nullable === true;
    // Unwrap `anyOf: [X, {type: null}]` and single-part `allOf: [X]`, the usual ways to make a $ref nullable.
    for (let hops = 0; hops < 16; hops++) {
      const alternatives = node.oneOf ?? node.anyOf;
      /** @type {Node | undefined} */
      let inner;
      if (Array.isArray(alternatives) && alternatives.some((s) => isNullSchema(refs.resolve(s).node))) {
        const rest = alternatives.filter((s) => !isNullSchema(refs.resolve(s).node));
        nullable = true;
        if (rest.length === 1 && !hasStructure(node)) inner = rest[0];
      } else if (Array.isArray(node.allOf) && node.allOf.length === 1 && !hasStructure({ ...node, allOf: undefined })) {
        inner = node.allOf[0];
      }
      if (!inner) break;
      const next = refs.resolve(inner);
      node = next.node;
      key = next.ref;
      nullable ||= node.nullable === true;
    }
    const described = describe(node, nullable, key, doc);
    return node === UNRESOLVED ? { ...described, unresolved: true } : described;
  }

  /**
   * @param {Node} node @param {boolean} nullable @param {string | undefined} key @param {Node} doc
   * @returns {SchemaView}
   */
  function describe(node, nullable, key, doc) {
    /** @type {Set<string> | null} */
    let types = null;
    const declared = node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type];
    if (declared.includes("null")) nullable = true;
    const nonNull = declared.filter((t) => t !== "null");
    if (declared.length > 0) types = new Set(nonNull);
    else if (node.properties || node.additionalProperties !== undefined || node.required) types = new Set(["object"]);
    else if (node.items) types = new Set(["array"]);

    /** @type {unknown[] | undefined} */
    const listed = Array.isArray(node.enum) ? node.enum : node.const !== undefined ? [node.const] : undefined;
    // An enum without a type allows the types of its values, and no more.
    if (types === null && listed && listed.length > 0) types = new Set(listed.filter((v) => v !== null).map(jsonType));

    const values = listed?.filter((v) => v !== null);

    /** @type {SchemaView["variants"]} */
    let variants;
    const keyword = node.oneOf ? "oneOf" : node.anyOf ? "anyOf" : undefined;
    if (keyword) {
      const schemas = /** @type {Node[]} */ (node[keyword]).filter((s) => !isNullSchema(refs.resolve(s).node));
      if (node[keyword].length !== schemas.length) nullable = true;
      if (schemas.length > 0) variants = { keyword, schemas };
      if (types === null && schemas.length > 0) types = unionTypes(schemas);
    }

    /** @type {SchemaView} */
    const own = {
      key,
      doc,
      types,
      nullable,
      properties: node.properties && typeof node.properties === "object" ? node.properties : NO_PROPERTIES,
      required: Array.isArray(node.required) ? new Set(node.required) : NO_NAMES,
      items: node.items && typeof node.items === "object" && !Array.isArray(node.items) ? node.items : types?.has("array") ? ANY : undefined,
      additionalProperties:
        node.additionalProperties && typeof node.additionalProperties === "object"
          ? node.additionalProperties
          : node.additionalProperties === true || (node.additionalProperties === undefined && isFreeForm(node) && types?.has("object"))
            ? ANY
            : undefined,
      enum: values,
      variants,
      constraints: node,
      readOnly: node.readOnly === true,
      writeOnly: node.writeOnly === true,
      unresolved: false,
    };
    return Array.isArray(node.allOf) && !merging.has(node) ? mergeAllOf(node, own) : own;
  }

  /** @param {Node[]} schemas */
  function unionTypes(schemas) {
    const union = new Set();
    for (const schema of schemas) {
      const { types } = view(schema);
      if (types === null) return null;
      for (const t of types) union.add(t);
    }
    return union;
  }

  /**
   * An allOf is read as one object: properties and required lists unioned, types intersected.
   * @param {Node} node @param {SchemaView} own
   */
  function mergeAllOf(node, own) {
    merging.add(node);
    try {
      const merged = { ...own, properties: Object.assign(Object.create(null), own.properties), required: new Set(own.required) };
      const parts = /** @type {Node[]} */ (node.allOf).map(view);
      if (!own.nullable && parts.length > 0 && parts.every((p) => p.nullable)) merged.nullable = true;
      for (const part of parts) {
        for (const [name, schema] of Object.entries(part.properties)) if (!Object.hasOwn(merged.properties, name)) merged.properties[name] = schema;
        for (const name of part.required) merged.required.add(name);
        if (part.types) merged.types = merged.types ? new Set([...merged.types].filter((t) => part.types?.has(t))) : new Set(part.types);
        merged.enum ??= part.enum;
        merged.items ??= part.items;
        merged.additionalProperties ??= part.additionalProperties;
        merged.variants ??= part.variants;
        merged.unresolved ||= part.unresolved;
      }
      // Free-form only if no part has properties.
      if (merged.additionalProperties === undefined && !hasKeys(merged.properties) && merged.types?.has("object")) merged.additionalProperties = ANY;
      return merged;
    } finally {
      merging.delete(node);
    }
  }

  return view;
}
