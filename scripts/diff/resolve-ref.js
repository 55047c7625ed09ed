// @ts-check

/** @typedef {Record<string, any>} Node */

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
      const token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      node = node !== null && typeof node === "object" && Object.hasOwn(node, token) ? node[token] : undefined;
    }
    if (node === null || typeof node !== "object") throw new Error(`${label}: cannot resolve $ref "${ref}"`);
    targets.set(ref, node);
    return node;
  }

  /**
   * @param {Node} node
   * @returns {{ node: Node, ref: string | undefined }} the target and the last ref followed
   */
  function resolve(node) {
    /** @type {string | undefined} */
    let ref;
    const seen = new Set();
    while (node && typeof node.$ref === "string") {
      if (seen.has(node.$ref)) throw new Error(`${label}: $ref "${node.$ref}" refers to itself`);
      seen.add(node.$ref);
      ref = node.$ref;
      node = lookup(node.$ref);
    }
    return { node, ref };
  }

  return { resolve, label };
}

/** @typedef {ReturnType<typeof createRefResolver>} RefResolver */
