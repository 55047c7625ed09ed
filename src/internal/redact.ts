/**
 * Removes secrets from anything the vendor sent back before it is stored on an error or logged: the API key
 * wherever it appears, in each form it was sent in, and the values of the headers and fields the spec marks as secret (its security schemes'
 * header, query and cookie names; `writeOnly` and `format: password` properties).
 */

const REDACTED = "[REDACTED]";
// Vendor bodies are bounded (read-body.ts), but 64 kB of `[` is 65,536 levels: deeper than any real body.
const MAX_DEPTH = 64;

export interface Redaction {
  /** The API key; `""` when the API takes none. */
  readonly secret: string;
  /** Lower-case header names whose values are secret. */
  readonly headers?: ReadonlySet<string>;
  /** Property names whose values are secret, at any depth. */
  readonly fields?: ReadonlySet<string>;
}

let lastSecret: string | undefined;
let lastForms: readonly string[] = [];

/**
 * The key as a vendor may echo it back: as sent in a header, percent-encoded (a query parameter, a cookie),
 * form-encoded, and in base64 (HTTP basic sends `user:password` so), also percent-encoded (a vendor that quotes the
 * request's headers in a URL or a form). Longest first, so no form is cut by a shorter one.
 */
export function secretForms(secret: string): readonly string[] {
  if (secret === lastSecret) return lastForms;
  const forms = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ k: secret }).toString().slice(2)]);
  try {
    const base64 = btoa(secret);
    forms.add(base64).add(encodeURIComponent(base64));
  } catch {
    // Not Latin-1: HTTP basic could not send it either.
  }
  lastSecret = secret;
  lastForms = [...forms].filter((form) => form !== "").sort((a, b) => b.length - a.length);
  return lastForms;
}

export function redact<T>(value: T, redaction: Redaction | string, depth = 0): T {
  const { secret, fields } = typeof redaction === "string" ? { secret: redaction, fields: undefined } : redaction;
  if (typeof value === "string") {
    if (!secret) return value;
    let text: string = value;
    for (const form of secretForms(secret)) text = text.split(form).join(REDACTED);
    return text as T;
  }
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[nested too deeply]" as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redact(item, redaction, depth + 1)) as T;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[redact(key, secret)] = fields?.has(key) && item !== null && item !== undefined ? REDACTED : redact(item, redaction, depth + 1);
  }
  return copy as T;
}

export function redactHeaders(headers: Headers, redaction: Redaction | string): Record<string, string> {
  const secretHeaders = typeof redaction === "string" ? undefined : redaction.headers;
  const plain: Record<string, string> = {};
  headers.forEach((value, name) => {
    plain[name] = secretHeaders?.has(name) ? REDACTED : redact(value, redaction);
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
