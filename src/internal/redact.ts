/** Removes the API key from anything the vendor sent back before it is stored on an error. */

const REDACTED = "[REDACTED]";

export function redact<T>(value: T, secret: string): T {
  if (typeof value === "string") return value.split(secret).join(REDACTED) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redact(item, secret)) as T;
  if (value !== null && typeof value === "object") {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[redact(key, secret)] = redact(item, secret);
    return copy as T;
  }
  return value;
}

export function redactHeaders(headers: Headers, secret: string): Record<string, string> {
  const plain: Record<string, string> = {};
  headers.forEach((value, name) => {
    plain[name] = redact(value, secret);
  });
  return plain;
}

/**
 * A copy of a thrown error chain with the key removed from every message. Errors from a custom `fetch`
 * may quote the request, and `util.inspect` prints the whole `cause` chain.
 */
export function redactError(error: unknown, secret: string, depth = 0): unknown {
  if (!(error instanceof Error) || depth > 4) return typeof error === "string" ? redact(error, secret) : undefined;
  const cause = "cause" in error ? redactError(error.cause, secret, depth + 1) : undefined;
  const copy = new Error(redact(error.message, secret), cause === undefined ? undefined : { cause });
  copy.name = error.name;
  if ("code" in error && typeof error.code === "string") Object.assign(copy, { code: error.code });
  if (error.stack) copy.stack = redact(error.stack, secret);
  return copy;
}
