/** What a caller can configure, per client and per call. */

/** What to do when a 2xx body does not match the spec: throw, log a warning and return it, or not check. */
export type ValidationMode = "error" | "warn" | "off";

export interface Logger {
  warn(message: string, details?: Record<string, unknown>): void;
}

export interface ClientOptions {
  /** Defaults to the vendor's environment variable (`CHATDASH_API_KEY`, `SOLVAPAY_API_KEY`). */
  apiKey?: string | undefined;
  /** Defaults to the spec's server. Must be https unless the host is loopback. */
  baseUrl?: string | undefined;
  /**
   * Defaults to `globalThis.fetch`. Called like fetch: the facade's calls pass `(url, init)`, with the attempt's
   * abort signal in `init`; `raw` calls pass `(request)`. A wrapper must hand both arguments on.
   */
  fetch?: ((input: Request | string, init?: RequestInit) => Promise<Response>) | undefined;
  /** Per attempt, in milliseconds. Default 60000. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt for connection errors, timeouts, 408, 409, 429 and 5xx. Default 2. */
  maxRetries?: number | undefined;
  /** Default "warn": a 2xx update has been applied by the vendor, so drift is reported but the data returned. */
  validateResponses?: ValidationMode | undefined;
  /** Receives validation warnings. Default `console`. */
  logger?: Logger | undefined;
}

export interface RequestOptions {
  /** Aborts the call at once, between or during attempts; the call rejects with `AbortError`. */
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_VALIDATION_MODE: ValidationMode = "warn";
