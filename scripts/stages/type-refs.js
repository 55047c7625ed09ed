// @ts-check
import { createRequire } from "node:module";
import { keysOf, pointerOf } from "../report/json-pointer.js";

// openapi-typescript prints a `$ref` as an indexed access along its JSON pointer, leaving out only
// `properties`. That compiles for `#/components/<kind>/<name>`, but not for a pointer into a
// response's or an operation's `.../content/<type>/schema/...`, through `items` or an optional
// property: tsc rejects the generated file. This rewrites those accesses to ones that compile.
const load = createRequire(import.meta.url);
const { oapiRef, astToString } = load("openapi-typescript/dist/lib/ts.cjs");

/**
 * @typedef {{ ref: string, at: string, printed: string, fixed: string | undefined }} DeepRef
 *   `at`: JSON pointer of the object holding the `$ref`; `printed`: what openapi-typescript emits;
 *   `fixed`: an equivalent type that compiles, or undefined where none is known (e.g. `allOf/0`).
 */

/**
 * Every `$ref` in the document that points deeper than `#/components/<kind>/<name>`.
 * @param {Record<string, any>} document
 * @returns {DeepRef[]}
 */
export function deepRefs(document) {
  /** @type {Map<string, DeepRef>} */
  const found = new Map();
  /** Every $ref met so far, deep or not: most are met many times (GitHub's spec: 13 MB, walked once or twice a run). */
  const checked = new Set();
  /** @type {Array<string | number>} the keys down to the node being walked; its pointer is made only for a deep $ref */
  const keys = [];
  /** @param {unknown} node */
  const walk = (node) => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        keys.push(i);
        walk(node[i]);
        keys.pop();
      }
    } else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "$ref" && typeof value === "string") {
          if (checked.has(value)) continue;
          checked.add(value);
          if (isDeep(value)) found.set(value, { ref: value, at: pointerOf(keys), printed: printed(value), fixed: indexedAccess(document, value) });
        } else if (key !== "example" && key !== "examples" && key !== "enum" && key !== "const" && key !== "default") {
          keys.push(key);
          walk(value);
          keys.pop();
        }
      }
    }
  };
  walk(document);
  return [...found.values()];
}

/**
 * Replaces openapi-typescript's access for each deep `$ref` with one that compiles.
 * @param {string} source the transform's output
 * @param {Record<string, any>} document the document it was made from
 * @returns {string}
 */
export function fixDeepRefs(source, document) {
  let out = source;
  for (const { printed: text, fixed } of deepRefs(document)) {
    if (!fixed || fixed === text) continue;
    // Not followed by `["`: a longer access that starts the same way is another $ref (`[]` is an array of it).
    out = out.replace(new RegExp(`${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?!\\[")`, "g"), () => fixed);
  }
  return out;
}

/**
 * A copy of the document in which each deep `$ref` that no indexed access reaches (an operation's
 * `parameters/1/schema`, `allOf/0`, ...) is replaced by what it points at, so the types say what the
 * vendor meant instead of failing the compile check. Where such a target leads back to itself, the
 * inner occurrence becomes `{}` (`unknown`): a type cannot name a spot that has no name. The
 * document is returned as is when there is none.
 * @param {Record<string, any>} document
 * @param {DeepRef[]} [found] `deepRefs(document)`, when the caller has it already
 * @returns {Record<string, any>}
 */
export function inlineUnreachableRefs(document, found = deepRefs(document)) {
  const unreachable = new Set(found.filter((r) => r.fixed === undefined).map((r) => r.ref));
  if (unreachable.size === 0) return document;
  const copy = structuredClone(document);
  /** @type {(node: unknown, chain: string[]) => unknown} the refs being inlined around this node in `chain` */
  const inline = (node, chain) => {
    if (Array.isArray(node)) return node.map((item) => inline(item, chain));
    if (!node || typeof node !== "object") return node;
    const ref = /** @type {Record<string, unknown>} */ (node).$ref;
    if (typeof ref === "string" && unreachable.has(ref)) {
      if (chain.includes(ref)) return {};
      const target = segments(ref)?.reduce((/** @type {any} */ at, key) => at?.[key], document);
      if (target !== undefined) return inline(target, [...chain, ref]);
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(value, chain)]));
  };
  for (const key of Object.keys(copy)) copy[key] = inline(copy[key], []);
  return copy;
}

/** @param {string} ref */
function isDeep(ref) {
  const pointer = segments(ref);
  return pointer !== undefined && pointer.length > 3;
}

/** What openapi-typescript prints for a schema's `$ref`. @param {string} ref */
function printed(ref) {
  return String(astToString(oapiRef(ref))).trim().replace(/;$/, "");
}

/**
 * A TypeScript type for the node a `$ref` points at, following the shapes openapi-typescript
 * emits: a media type's type is its schema's, a parameter's or header's type is its schema's, and
 * optional or nullable steps are stripped before indexing. Undefined where there is no such access.
 * @param {Record<string, any>} document
 * @param {string} ref
 * @returns {string | undefined}
 */
export function indexedAccess(document, ref) {
  const pointer = segments(ref);
  if (!pointer || !["components", "paths", "webhooks"].includes(String(pointer[0]))) return undefined;
  const [root, ...rest] = pointer;
  let type = String(root);
  let node = document[String(root)];
  /** @type {"structure" | "media" | "schema"} */
  let mode = "structure";
  const index = (/** @type {string} */ key, /** @type {boolean} */ strip) => {
    type = `${strip ? `NonNullable<${type}>` : type}[${JSON.stringify(key)}]`;
  };
  for (let i = 0; i < rest.length; i++) {
    const key = /** @type {string} */ (rest[i]);
    const previous = i > 0 ? rest[i - 1] : root;
    node = node?.[key];
    if (node === undefined) return undefined;
    if (mode === "schema") {
      if (key === "properties" && i + 1 < rest.length) {
        const name = /** @type {string} */ (rest[++i]);
        node = node[name];
        if (node === undefined) return undefined;
        index(name, true);
      } else if (key === "items" && !Array.isArray(node)) type = `NonNullable<${type}>[number]`;
      else if (key === "additionalProperties" && typeof node === "object") type = `NonNullable<${type}>[string]`;
      else return undefined; // allOf/0, anyOf/1, prefixItems/0, $defs/x: no indexed access reaches these
    } else if (mode === "media") {
      if (key !== "schema") return undefined; // examples, encoding: not in the types
      mode = "schema"; // a media type's type is its schema's
    } else if (key === "schema" && (previous === "parameters" || previous === "headers" || rest[i - 2] === "parameters" || rest[i - 2] === "headers")) {
      mode = "schema"; // so is a parameter's or a header's
    } else if (key === "parameters" && root !== "components") {
      return undefined; // an operation's parameters are grouped by `in` in the types, not listed
    } else {
      index(key, previous === "requestBody");
      if (previous === "content") mode = "media";
      else if (root === "components" && previous === "schemas" && i === 1) mode = "schema";
    }
  }
  return mode === "schema" ? `Exclude<${type}, undefined>` : undefined;
}

/** A local `$ref`'s keys, unescaped; undefined for `#` and other files. @param {string} ref */
function segments(ref) {
  const keys = keysOf(ref);
  return keys && keys.length > 0 ? keys : undefined;
}
