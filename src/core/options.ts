/** What a caller can configure, per client and per call. */

/** What to do when a 2xx answer is not what the spec declares: throw, log a warning and return it, or not check. */
export type ValidationMode = "error" | "warn" | "off";

export interface Logger {
  warn(message: string, details?: Record<string, unknown>): void;
}

/** Any function with fetch's shape: it may read only a Request, or `(input, init)`. */
export type FetchFunction = (input: Request | string, init?: RequestInit) => Promise<Response>;

// Every optional property also takes `undefined`, so `apiKey: process.env.X` compiles under exactOptionalPropertyTypes.
export interface ClientOptions {
  /** Defaults to the vendor's environment variable (`<NAME>_API_KEY`, e.g. `SOLVAPAY_API_KEY`). */
  apiKey?: string | undefined;
  /** Defaults to the spec's server. Must be https unless the host is loopback. */
  baseUrl?: string | undefined;
  /**
   * Defaults to `globalThis.fetch`. An injected function is called with one `Request` that carries the method,
   * URL, headers, body and the attempt's abort signal, so a wrapper that reads only its first argument sends
   * exactly what the call describes.
   */
  fetch?: FetchFunction | undefined;
  /** Per attempt, in milliseconds. Default 60000. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt, where the method allows one (README, "Retries"). Default 2. */
  maxRetries?: number | undefined;
  /** Default "warn": a 2xx update has been applied by the vendor, so drift is reported but the data returned. */
  validateResponses?: ValidationMode | undefined;
  /** Receives validation warnings. Default `console`. */
  logger?: Logger | undefined;
  /**
   * A secret key in a web page is a key anyone can read. In a browser the client refuses to start unless this
   * is `true` (for keys that are meant to be public, or a page behind your own login). Default false.
   */
  dangerouslyAllowBrowser?: boolean | undefined;
}

export interface RequestOptions {
  /** Aborts the call at once, between or during attempts; the call rejects with `AbortError`. */
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  /**
   * Sent in the API's idempotency header (`Idempotency-Key` unless the spec's overlay names another), the same
   * on every attempt. A POST or PATCH (or a PUT or DELETE with `If-Match`, `If-None-Match` or `If-Unmodified-Since`)
   * is retried after an ambiguous failure only when it carries one. Must not be empty or blank.
   */
  idempotencyKey?: string | undefined;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_VALIDATION_MODE: ValidationMode = "warn";
export const DEFAULT_IDEMPOTENCY_HEADER = "Idempotency-Key";
