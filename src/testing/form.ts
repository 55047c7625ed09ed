/**
 * Reads an `application/x-www-form-urlencoded` body back into the nested value the client encoded
 * (src/internal/form.ts: `metadata[tier]=pro`, `tags[0]=a`), so it can be checked against the body's schema.
 */
export function parseForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  // forEach rather than for-of: the package's declarations build without DOM.Iterable.
  new URLSearchParams(text).forEach((value, key) => {
    const [head = "", ...rest] = key.split("[");
    const path = [head, ...rest.map((part: string) => part.replace(/\]$/, ""))];
    // A key such as `__proto__[x]` must not reach Object.prototype.
    if (path.some((segment) => segment === "__proto__" || segment === "constructor" || segment === "prototype")) return;
    let node: any = root;
    path.forEach((segment, i) => {
      if (i === path.length - 1) {
        node[segment] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(path[i + 1] ?? "");
      node[segment] ??= nextIsIndex ? [] : {};
      node = node[segment];
    });
  });
  return root;
}
