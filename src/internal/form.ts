import { LONE_SURROGATE } from "./guards.js";

/**
 * `application/x-www-form-urlencoded` in the bracket style payment APIs read (stripe-node sends it with qs's
 * `arrayFormat: "indices"`): `metadata[tier]=pro`, `tags[0]=a`, `items[0][price]=p_1`. As with qs, `null` is sent
 * as an empty value (how such APIs unset a field), `undefined` and empty arrays or objects are left out.
 */
export function encodeForm(body: unknown): string {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new TypeError("A form-encoded request body must be an object");
  }
  const form = new URLSearchParams();
  const add = (key: string, value: unknown, depth: number): void => {
    if (value === undefined) return;
    if (depth > 32) throw new TypeError(`The request body is nested too deeply to form-encode (at ${key})`);
    // URLSearchParams would send U+FFFD in its place: a different request than the one asked for.
    if (LONE_SURROGATE.test(key)) throw new TypeError(`Cannot form-encode a lone surrogate (in the field name ${JSON.stringify(key)})`);
    if (value === null) form.append(key, "");
    else if (Array.isArray(value)) value.forEach((item, index) => add(`${key}[${index}]`, item, depth + 1));
    else if (value instanceof Date) form.append(key, value.toISOString());
    else if (typeof value === "object" && ![Object.prototype, null].includes(Object.getPrototypeOf(value))) {
      // A Map, Set or URL has no entries of its own to send: it would vanish from the body.
      throw new TypeError(`Cannot form-encode a ${value.constructor?.name ?? "object"} (at ${key}); pass a plain object`);
    } else if (typeof value === "object") for (const [name, item] of Object.entries(value)) add(`${key}[${name}]`, item, depth + 1);
    else if (typeof value === "string" && LONE_SURROGATE.test(value)) throw new TypeError(`Cannot form-encode a lone surrogate (at ${key})`);
    else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") form.append(key, String(value));
    else throw new TypeError(`Cannot form-encode a ${typeof value} (at ${key})`);
  };
  for (const [name, value] of Object.entries(body)) add(name, value, 0);
  return form.toString();
}
