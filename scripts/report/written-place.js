// @ts-check
import path from "node:path";
import { parse } from "yaml";
import { keysOf, pointerOf, resolvePointer } from "./json-pointer.js";

/**
 * Where a node of the bundle is written in the spec's files. The bundle inlines a `$ref` to another file (a path item
 * that `paths/thing.yaml` holds), and Redocly then locates a finding on it in the root file, at that `$ref`'s line.
 * This follows the bundle's pointer from the root file's text through each `$ref` on the way that the bundle inlined
 * (to another file, or within one), into the file the node is in; keys the files do not have (what the finding says
 * is missing) are kept on the pointer, whose line is then its deepest node that exists, as Redocly places it.
 * @template {{ absoluteRef: string, body: string }} S a Redocly `Source`
 * @param {S} root the root file
 * @param {string} pointer into the bundle
 * @param {(absolutePath: string) => S | undefined} sourceAt the spec's other files, by absolute path
 * @param {{ onKey?: boolean, bundled?: unknown }} [finding] `onKey`: the finding is on the key its pointer ends with
 *   (a path's template), which is written where its parent is; `bundled`: the bundled document, which tells whether a
 *   `$ref` the pointer ends on was inlined or kept (made a `#/components/...` one)
 * @returns {{ source: S, pointer: string } | undefined} undefined where the pointer stays in the root file, or leads
 *   where the files hold nothing (what an overlay added, a component the bundler named)
 */
export function writtenPlace(root, pointer, sourceAt, { onKey = false, bundled } = {}) {
  const keys = keysOf(pointer);
  if (!keys) return undefined;
  let source = root;
  let node = parsedText(root);
  /** @type {string[]} */
  let at = [];
  let moved = false;
  for (let i = 0; i <= keys.length; i++) {
    const key = keys[i];
    // The bundle put what a `$ref` points at in its place, unless the pointer goes on to one of the `$ref`'s own
    // siblings (a 3.0 `description` beside it is written here, not in the file it points to). Where the pointer ends
    // on a `$ref`, it is followed only to another file (a path item written there), and only if the finding is on the
    // node, not its key, and the bundle inlined it rather than keeping a `$ref` there.
    const follow = (/** @type {{ $ref: string }} */ ref) =>
      key === undefined ? !ref.$ref.startsWith("#") && !onKey && !isRef(resolvePointer(bundled, pointer)) : !Object.hasOwn(ref, key);
    for (let hops = 0; isRef(node) && follow(node); hops++) {
      // `$ref`s that only lead to each other in a loop are the bundler's to refuse; here they are no place.
      if (hops > 32) return undefined;
      const ref = node.$ref;
      const hash = ref.indexOf("#");
      const fragmentKeys = keysOf(hash === -1 ? "#" : ref.slice(hash));
      // As Redocly resolves a file: relative to the one the `$ref` is in, not percent-decoded.
      const next = hash === 0 ? source : sourceAt(path.resolve(path.dirname(source.absoluteRef), hash === -1 ? ref : ref.slice(0, hash)));
      if (!next || !fragmentKeys) return undefined;
      moved ||= next !== root;
      source = next;
      node = parsedText(next);
      for (const fragmentKey of fragmentKeys) node = isContainer(node) && Object.hasOwn(node, fragmentKey) ? node[fragmentKey] : undefined;
      if (node === undefined) return undefined;
      at = [...fragmentKeys];
    }
    if (key === undefined) break;
    if (!isContainer(node) || !Object.hasOwn(node, key)) {
      at = [...at, ...keys.slice(i)];
      break;
    }
    node = node[key];
    at = [...at, key];
  }
  return moved && source !== root ? { source, pointer: pointerOf(at) } : undefined;
}

/** @type {WeakMap<object, unknown>} */
const parsed = new WeakMap();

/**
 * YAML text above this many characters is not parsed again: GitHub's spec as 10 MB of YAML took the parser 3.2 s, for
 * a note on 2 of its 2,132 findings (a review's measurement). JSON is, by JSON.parse (0.1 s for 13 MB).
 */
const MAX_YAML_CHARS = 2_000_000;

/**
 * A file's text parsed again: the bundler changed the trees the resolver parsed (it replaces each `$ref` it inlines).
 * JSON by JSON.parse, anything else as YAML; text that does not parse, or YAML above `MAX_YAML_CHARS`, is no place.
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
        value = source.body.length > MAX_YAML_CHARS ? undefined : parse(source.body, { uniqueKeys: false });
      } catch {
        value = undefined;
      }
    }
    parsed.set(source, value);
  }
  return parsed.get(source);
}

/** @param {unknown} node @returns {node is { $ref: string }} */
function isRef(node) {
  return isContainer(node) && typeof (/** @type {Record<string, unknown>} */ (node).$ref) === "string";
}

/** @param {unknown} node @returns {node is Record<string, any>} */
function isContainer(node) {
  return node !== null && typeof node === "object";
}
