/** Checks that run before any request is sent, so a bad input can never reach the wire. */

// Unicode Cc: C0, DEL and C1. A path parameter has no business carrying any of them.
const CONTROL_CHARACTER = /\p{Cc}/u;
// A lone surrogate cannot be percent-encoded (encodeURIComponent throws URIError), so it cannot be sent.
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const PATH_TEMPLATE = /\{([^{}]+)\}/g;

/** Returns the parameter if it is one safe path segment; the message names the parameter, never its value. */
export function checkPathParam(name: string, value: unknown): string {
  if (typeof value !== "string") throw new TypeError(`Path parameter "${name}" must be a string`);
  if (value === "" || value === "." || value === "..") {
    throw new TypeError(`Path parameter "${name}" must not be empty, "." or ".."`);
  }
  if (CONTROL_CHARACTER.test(value)) throw new TypeError(`Path parameter "${name}" must not contain control characters`);
  if (LONE_SURROGATE.test(value)) throw new TypeError(`Path parameter "${name}" must be well-formed Unicode (it has a lone surrogate)`);
  return value;
}

/**
 * openapi-fetch `pathSerializer`: every `{name}` is checked and percent-encoded as one segment
 * (`/`, `?`, `#` and `%` included). The default one silently leaves a missing parameter as `{name}`.
 */
export function serializePath(pathname: string, pathParams: Record<string, unknown>): string {
  return pathname.replace(PATH_TEMPLATE, (_, name: string) => encodeURIComponent(checkPathParam(name, pathParams?.[name])));
}

/** Printable ASCII only: a CR/LF would split the header, and fetch's own errors would quote the value. */
const API_KEY = /^[\x21-\x7e]+$/;

/** `envVar` is undefined where there is no environment to read (a browser): then only `apiKey` can help. */
export function checkApiKey(apiKey: unknown, envVar: string | undefined): string {
  if (apiKey === undefined) throw new TypeError(`An API key is required: pass { apiKey }${envVar ? ` or set ${envVar}` : ""}`);
  if (typeof apiKey !== "string" || !API_KEY.test(apiKey)) {
    throw new TypeError("The API key must be a non-empty string without whitespace, line breaks or control characters");
  }
  return apiKey;
}

/** A header parameter's value as it is sent; a line break would add headers of the caller's choosing. */
export function checkHeaderValue(name: string, value: unknown): string {
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
    throw new TypeError(`Header "${name}" must be a string, number or boolean`);
  }
  const text = String(value);
  if (/[\r\n\0]/.test(text)) throw new TypeError(`Header "${name}" must not contain line breaks or NUL`);
  return text;
}

/** Returns the base URL without a trailing slash; plain http only to loopback, where nothing leaves the machine. */
export function checkBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError("baseUrl must be an absolute URL");
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new TypeError("baseUrl must not contain credentials, a query or a fragment");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    throw new TypeError("baseUrl must use https (plain http is allowed only for localhost, 127.0.0.0/8 and [::1])");
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
