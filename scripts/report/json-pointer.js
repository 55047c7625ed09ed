// @ts-check
// JSON pointers (RFC 6901) as they appear in `$ref`s and in findings: one place for escaping, so every stage
// reads `#/paths/~1v1~1products~1%7Bid%7D` the same way.

/** One key as a pointer token: `~` -> `~0`, `/` -> `~1`. @param {string} key */
export function escapeToken(key) {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** One pointer token as a key. @param {string} token */
export function unescapeToken(token) {
  return token.replaceAll("~1", "/").replaceAll("~0", "~");
}

/** `#/a/b~1c` from keys. @param {Iterable<string | number>} keys */
export function pointerOf(keys) {
  let pointer = "#";
  for (const key of keys) pointer += `/${escapeToken(String(key))}`;
  return pointer;
}

/**
 * The keys of a local `$ref` (`#/...`), percent-decoded as a URI fragment and unescaped; `[]` for `#`, undefined
 * for anything else (another file, a URL). A stray `%` is a literal character of the key.
 * @param {string} ref
 * @returns {string[] | undefined}
 */
export function keysOf(ref) {
  if (ref === "#") return [];
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((raw) => {
      try {
        return unescapeToken(decodeURIComponent(raw));
      } catch {
        return unescapeToken(raw);
      }
    });
}

/**
 * The node a local `$ref` points at, or undefined. Own properties only, so `#/__proto__` finds nothing.
 * @param {unknown} document
 * @param {string} ref
 * @returns {any}
 */
export function resolvePointer(document, ref) {
  const keys = keysOf(ref);
  if (!keys) return undefined;
  /** @type {any} */
  let node = document;
  for (const key of keys) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/**
 * Whether a document `$ref`s another file anywhere (a `$ref` that does not start with `#`). Each object is looked at
 * once: YAML aliases share objects, and may loop.
 * @param {unknown} root
 */
export function hasExternalRefs(root) {
  const seen = new Set();
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object" || seen.has(node)) continue;
    seen.add(node);
    const ref = /** @type {Record<string, unknown>} */ (node).$ref;
    if (typeof ref === "string" && !ref.startsWith("#")) return true;
    stack.push(...Object.values(node));
  }
  return false;
}
