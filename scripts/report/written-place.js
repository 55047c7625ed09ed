// @ts-check
import path from "node:path";
import { parse } from "yaml";
import { keysOf, pointerOf } from "./json-pointer.js";

/**
 * Where a node of the bundle is written in the spec's files. The bundle inlines a `$ref` to another file (a path item
 * that `paths/thing.yaml` holds), and Redocly then locates a finding on it in the root file, at that `$ref`'s line.
 * This follows the bundle's pointer from the root file's text through each `$ref` to another file on the way, into
 * that file; keys the files do not have (what the finding says is missing) are kept on the pointer, whose line is
 * then its deepest node that exists, as Redocly places it.
 * @template {{ absoluteRef: string, body: string }} S a Redocly `Source`
 * @param {S} root the root file
 * @param {string} pointer into the bundle
 * @param {(absolutePath: string) => S | undefined} sourceAt the spec's other files, by absolute path
 * @returns {{ source: S, pointer: string } | undefined} undefined where the pointer stays in the root file, or leads
 *   where the files hold nothing (what an overlay added, a component the bundler named)
 */
export function writtenPlace(root, pointer, sourceAt) {
  const keys = keysOf(pointer);
  if (!keys) return undefined;
  let source = root;
  let node = parsedText(root);
  /** @type {string[]} */
  let at = [];
  let moved = false;
  for (let i = 0; i <= keys.length; i++) {
    for (let hops = 0; isRefToFile(node); hops++) {
      // A chain of files that only `$ref` each other in a loop is the bundler's to refuse; here it is no place.
      if (hops > 32) return undefined;
      const ref = /** @type {string} */ (node.$ref);
      const hash = ref.indexOf("#");
      const fragment = hash === -1 ? "#" : ref.slice(hash);
      let file;
      try {
        file = path.resolve(path.dirname(source.absoluteRef), decodeURIComponent(hash === -1 ? ref : ref.slice(0, hash)));
      } catch {
        return undefined;
      }
      const next = sourceAt(file);
      const fragmentKeys = keysOf(fragment);
      if (!next || !fragmentKeys) return undefined;
      source = next;
      node = parsedText(next);
      for (const key of fragmentKeys) node = isContainer(node) && Object.hasOwn(node, key) ? node[key] : undefined;
      if (node === undefined) return undefined;
      at = fragmentKeys;
      moved = true;
    }
    if (i === keys.length) break;
    const key = /** @type {string} */ (keys[i]);
    if (!isContainer(node) || !Object.hasOwn(node, key)) {
      at = [...at, ...keys.slice(i)];
      break;
    }
    node = node[key];
    at = [...at, key];
  }
  return moved ? { source, pointer: pointerOf(at) } : undefined;
}

/** @type {WeakMap<object, unknown>} */
const parsed = new WeakMap();

/**
 * A file's text parsed again: the bundler changed the trees the resolver parsed (it replaces each `$ref` it inlines).
 * JSON by JSON.parse (a large root would take the YAML parser seconds), anything else as YAML; text that does not parse
 * is no place.
 * @param {{ body: string }} source
 * @returns {any}
 */
function parsedText(source) {
  if (!parsed.has(source)) {
    let value;
    try {
      value = JSON.parse(source.body);
    } catch {
      try {
        value = parse(source.body, { uniqueKeys: false });
      } catch {
        value = undefined;
      }
    }
    parsed.set(source, value);
  }
  return parsed.get(source);
}

/** @param {unknown} node @returns {node is { $ref: string }} */
function isRefToFile(node) {
  const ref = isContainer(node) ? /** @type {Record<string, unknown>} */ (node).$ref : undefined;
  return typeof ref === "string" && !ref.startsWith("#");
}

/** @param {unknown} node @returns {node is Record<string, any>} */
function isContainer(node) {
  return node !== null && typeof node === "object";
}
