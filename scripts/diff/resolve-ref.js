// @ts-check
import { pointerOf, unescapeToken } from "../report/json-pointer.js";

/** @typedef {Record<string, any>} Node */

/**
 * What a `$ref` that points nowhere resolves to: vendors ship such releases, and the diff compares
 * everything else, skipping (and listing) what hangs off these.
 */
export const UNRESOLVED = Object.freeze(/** @type {Node} */ ({}));

/**
 * Follows internal `#/...` references (RFC 6901 pointers) in one document, chains included.
 * External refs must have been bundled away before (see load-spec.js).
 *
 * @param {Node} doc
 * @param {string} label names the document in errors ("old spec", "new spec")
 */
export function createRefResolver(doc, label) {
  /** @type {Map<string, Node>} */
  const targets = new Map();

  /** @param {string} ref @returns {Node} */
  function lookup(ref) {
    const cached = targets.get(ref);
    if (cached) return cached;
    if (!ref.startsWith("#")) throw new Error(`${label}: external $ref "${ref}" must be bundled first`);
    /** @type {any} */
    let node = doc;
    for (const raw of ref.slice(1).split("/").slice(1)) {
      node = node !== null && typeof node === "object" && Object.hasOwn(node, token(raw)) ? node[token(raw)] : undefined;
    }
    if (node === null || typeof node !== "object") {
      node = UNRESOLVED;
      resolver.broken = true;
    }
    targets.set(ref, node);
    return node;
  }

  /**
   * @param {Node} node
   * @returns {{ node: Node, ref: string | undefined }} the target (UNRESOLVED for a $ref to nothing, or a
   *   chain that loops) and the last ref followed
   */
  function resolve(node) {
    /** @type {string | undefined} */
    let ref;
    const seen = new Set();
    while (node && typeof node.$ref === "string") {
      if (seen.has(node.$ref)) {
        resolver.broken = true;
        return { node: UNRESOLVED, ref: node.$ref };
      }
      seen.add(node.$ref);
      ref = node.$ref;
      node = lookup(node.$ref);
    }
    return { node, ref };
  }

  // `broken`: some $ref followed so far pointed nowhere (then, and only then, is the document searched for them all).
  const resolver = { resolve, label, broken: false };
  return resolver;
}

/** @param {string} raw a pointer segment, percent-encoded as in URI fragments */
function token(raw) {
  let text = raw;
  try {
    text = decodeURIComponent(raw);
  } catch {
    // A stray "%" is a literal character in the key.
  }
  return unescapeToken(text);
}

/**
 * Every internal `$ref` of the document that resolves to nothing, with the JSON pointer of where it
 * is written. One walk of the document; pointers are built only for the broken ones.
 * @param {Node} doc @param {RefResolver} refs @returns {{ ref: string, pointer: string }[]}
 */
export function unresolvedRefs(doc, refs) {
  /** @type {{ ref: string, pointer: string }[]} */
  const found = [];
  /** @type {string[]} */
  const keys = [];
  /** @type {Set<unknown>} */
  const visited = new Set();
  /** @param {unknown} node */
  const walk = (node) => {
    if (node === null || typeof node !== "object" || visited.has(node)) return;
    visited.add(node);
    const ref = /** @type {Node} */ (node).$ref;
    if (typeof ref === "string" && ref.startsWith("#") && refs.resolve(/** @type {Node} */ (node)).node === UNRESOLVED) {
      found.push({ ref, pointer: pointerOf(keys) });
    }
    for (const key in node) {
      const child = /** @type {Node} */ (node)[key];
      if (child === null || typeof child !== "object") continue;
      keys.push(key);
      walk(child);
      keys.pop();
    }
  };
  walk(doc);
  return found;
}

/** @typedef {ReturnType<typeof createRefResolver>} RefResolver */
