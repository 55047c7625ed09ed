/**
 * Reads an `application/x-www-form-urlencoded` body back into the nested value the client encoded
 * (src/internal/form.ts: `metadata[tier]=pro`, `tags[0]=a`), so it can be checked against the body's schema.
 */
export function parseForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const [head = "", ...rest] = key.split("[");
    const path = [head, ...rest.map((part) => part.replace(/\]$/, ""))];
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
  }
  return root;
}
