import createClient, { type Client } from "openapi-fetch";
import { checkApiKey, checkBaseUrl, checkPathParam, serializePath } from "../internal/guards.js";
import { redact, redactError, redactHeaders } from "../internal/redact.js";
import { retryAfterMs, sleep } from "../internal/backoff.js";
import { issuesOf, validatorFor, type ResponseValidators } from "../internal/validation.js";
import { USER_AGENT } from "../internal/version.js";
import {
  AbortError,
  ApiError,
  ConnectionError,
  ProductClientError,
  ResponseValidationError,
  TimeoutError,
  type ErrorSource,
} from "./errors.js";
import {
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_VALIDATION_MODE,
  type ClientOptions,
  type RequestOptions,
  type ValidationMode,
} from "./options.js";

const VALIDATION_MODES: readonly ValidationMode[] = ["error", "warn", "off"];

/** What a vendor module tells the core about its API: generated metadata plus how it authenticates. */
export interface ApiDescription {
  readonly api: { readonly name: string; readonly servers: readonly string[] };
  readonly operations: {
    readonly [operationId: string]: { readonly method: string; readonly path: string; readonly pathParams: readonly string[] };
  };
  readonly envVar: string;
  authorization(apiKey: string): string;
  /** Imported on first use, so clients with `validateResponses: "off"` never load the validators. */
  loadValidators(): Promise<{ readonly responseValidators: ResponseValidators }>;
}

export interface ApiClient<Paths extends {}> {
  readonly raw: Client<Paths>;
  call(
    operationId: string,
    pathParams: Record<string, unknown>,
    body: unknown,
    options: RequestOptions | undefined,
  ): Promise<unknown>;
}

// Retry policy, after openai-node: exponential backoff from 0.5 s to 8 s, up to 25 % jitter off,
// a server's retry-after honoured when it asks for less than a minute.
const INITIAL_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 8_000;
const RETRY_JITTER = 0.25;
const MAX_RETRY_AFTER_MS = 60_000;
const RETRYABLE_STATUSES = new Set([408, 409, 429]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status) || status >= 500;
}

/** Milliseconds to wait before retry number `retry` (0-based); `random` is injectable for tests. */
export function retryDelayMs(retry: number, headers?: Headers, random = Math.random): number {
  const requested = retryAfterMs(headers);
  // A date already past means "now"; a wish beyond a minute is ignored in favour of the backoff.
  if (requested !== undefined && requested <= MAX_RETRY_AFTER_MS) return Math.max(0, requested);
  const delay = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retry, MAX_RETRY_DELAY_MS);
  return delay * (1 - random() * RETRY_JITTER);
}

export function createApiClient<Paths extends {}>(description: ApiDescription, options: ClientOptions = {}): ApiClient<Paths> {
  const apiKey = checkApiKey(options.apiKey ?? environment()?.[description.envVar], description.envVar);
  const server = description.api.servers[0];
  if (!options.baseUrl && !server) throw new TypeError(`${description.api.name}: the spec declares no server; pass baseUrl`);
  const baseUrl = checkBaseUrl(options.baseUrl ?? server ?? "");
  const clientTimeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const clientMaxRetries = checkMaxRetries(options.maxRetries ?? DEFAULT_MAX_RETRIES);
  const mode = options.validateResponses ?? DEFAULT_VALIDATION_MODE;
  if (!VALIDATION_MODES.includes(mode)) throw new TypeError('validateResponses must be "error", "warn" or "off"');
  const logger = options.logger ?? console;
  const authorization = description.authorization(apiKey);
  const baseFetch = options.fetch ?? globalThis.fetch;

  const clientOptions = {
    baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    // Client-wide headers rather than an onRequest middleware: any middleware makes openapi-fetch await it,
    // draw a random id and freeze an options object on every call (a few per cent of a call, measured).
    headers: { Authorization: authorization, "User-Agent": USER_AGENT },
    pathSerializer: serializePath,
    // A redirect would carry the key to wherever the Location points; surface it as an ApiError instead.
    redirect: "manual",
  } as const;
  const raw = createClient<Paths>(clientOptions);
  // The facade's calls go through a client of their own: middleware an app adds with `raw.use()` would see
  // a PreparedRequest instead of a Request, and could not change what the facade's error handling relies on.
  // The facade calls operations by their generated method and path, which the typed client cannot check.
  const untyped = createClient<Paths>(clientOptions) as unknown as {
    request(method: string, path: string, init: Record<string, unknown>): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  };

  let validators: Promise<{ readonly responseValidators: ResponseValidators }> | undefined;

  async function call(operationId: string, pathParams: Record<string, unknown>, body: unknown, callOptions: RequestOptions = {}) {
    const operation = description.operations[operationId];
    if (!operation) throw new TypeError(`${description.api.name}: unknown operation ${operationId}`);
    for (const name of operation.pathParams) checkPathParam(name, pathParams[name]);
    // Serialised once, here: a body that cannot be is a TypeError before any request, not a lost connection.
    const serialized = JSON.stringify(body);
    const source: ErrorSource = { api: description.api.name, operation: operationId };
    const timeoutMs = checkTimeout(callOptions.timeoutMs ?? clientTimeoutMs);
    const maxRetries = checkMaxRetries(callOptions.maxRetries ?? clientMaxRetries);
    const { signal } = callOptions;

    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new AbortError(source);
      const attemptController = new AbortController();
      const timer = setTimeout(abortOnTimeout, timeoutMs, attemptController);
      // Forwarded by hand rather than with AbortSignal.any, and unhooked after the attempt, so a long-lived
      // caller signal does not collect one composite signal per attempt.
      let forwardAbort: (() => void) | undefined;
      if (signal) {
        forwardAbort = () => attemptController.abort(signal.reason);
        signal.addEventListener("abort", forwardAbort, { once: true });
      }
      let outcome: { data?: unknown; error?: unknown; response: Response } | ProductClientError;
      let sent = false;
      try {
        outcome = await untyped.request(operation.method, operation.path, {
          params: { path: pathParams },
          body: serialized,
          bodySerializer: alreadySerialized,
          // Parsed here rather than by openapi-fetch, so malformed JSON is told apart from a lost connection.
          parseAs: "text",
          signal: attemptController.signal,
          Request: PreparedRequest,
          fetch: (prepared: PreparedRequest) => {
            sent = true;
            return baseFetch(prepared.url, prepared.init);
          },
        });
      } catch (thrown) {
        // Thrown while building the request: a bug or an input the guards missed, not a lost connection to retry.
        if (!sent) throw thrown;
        if (signal?.aborted) throw new AbortError(source);
        outcome = attemptController.signal.aborted
          ? new TimeoutError(source, timeoutMs)
          : new ConnectionError(source, undefined, { cause: redactError(thrown, apiKey) });
      } finally {
        clearTimeout(timer);
        if (forwardAbort) signal?.removeEventListener("abort", forwardAbort);
      }
      let failure: ProductClientError;
      let retryHeaders: Headers | undefined;
      if (outcome instanceof ProductClientError) {
        failure = outcome;
      } else {
        const { data, error, response } = outcome;
        if (response.ok) {
          const parsed = parseBody(source, response, data);
          // Returned as a value, not a promise, when there is nothing to validate: a call saves a few ticks.
          return mode === "off" ? parsed : await validateBody(source, response, parsed);
        }
        failure = ApiError.generate(response.status, redact(error, apiKey), redactHeaders(response.headers, apiKey), source);
        if (!isRetryableStatus(response.status)) throw failure;
        retryHeaders = response.headers;
      }
      if (attempt >= maxRetries) throw failure;
      try {
        await sleep(retryDelayMs(attempt, retryHeaders), signal);
      } catch {
        throw new AbortError(source);
      }
    }
  }

  function parseBody(source: ErrorSource, response: Response, text: unknown): unknown {
    try {
      return typeof text === "string" && text !== "" ? JSON.parse(text) : undefined;
    } catch {
      // Nothing typed can be returned; the error still carries the text, since the vendor did apply the call.
      const issue = { path: "$", message: "is not valid JSON" };
      throw new ResponseValidationError(response.status, [issue], redact(text, apiKey), requestIdOf(response), source);
    }
  }

  async function validateBody(source: ErrorSource, response: Response, data: unknown): Promise<unknown> {
    validators ??= description.loadValidators();
    let loaded: { readonly responseValidators: ResponseValidators };
    try {
      loaded = await validators;
    } catch (error) {
      // Not kept: the next call tries the import again rather than failing (or warning) for the client's life.
      validators = undefined;
      // Same reasoning as for drift: the write is done, so "warn" must not turn it into a failure.
      if (mode === "error") throw error;
      logger.warn(`${source.api} ${source.operation}: response validators could not be loaded`, { error, requestId: requestIdOf(response) });
      return data;
    }
    const validate = validatorFor(loaded.responseValidators, source.operation, response.status);
    if (!validate || validate(data)) return data;
    const error = new ResponseValidationError(response.status, issuesOf(validate), redact(data, apiKey), requestIdOf(response), source);
    if (mode === "error") throw error;
    logger.warn(error.message, { issues: error.issues, requestId: error.requestId });
    return data;
  }

  /** Looked up only for a report (a Headers lookup is a measurable part of a clean call), and redacted like the rest. */
  function requestIdOf(response: Response): string | undefined {
    return redact(response.headers.get("x-request-id") ?? undefined, apiKey);
  }

  return { raw, call };
}

/**
 * What openapi-fetch builds for a facade call in place of a WHATWG Request: the URL and init it would construct one
 * from. fetch constructs its own Request from its arguments anyway, so a Request built here would be built twice,
 * with a second body stream and a second subscription to the attempt's signal: a third of a call's cost with an
 * in-memory fetch, and a tenth or more of a loopback call with Node's (BENCHMARKS.md). openapi-fetch reads only
 * `method` back (for HEAD).
 */
class PreparedRequest {
  constructor(
    readonly url: string,
    readonly init: RequestInit,
  ) {}

  get method(): string | undefined {
    return this.init.method;
  }
}

function abortOnTimeout(controller: AbortController): void {
  controller.abort();
}

/** openapi-fetch `bodySerializer` for a body the call has already turned into JSON. */
function alreadySerialized(body: unknown): unknown {
  return body;
}

/** `process.env` where there is one; the build does not assume Node's types. */
function environment(): Record<string, string | undefined> | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
}

function checkTimeout(timeoutMs: number): number {
  if (!(timeoutMs > 0 && timeoutMs <= 2 ** 31 - 1)) throw new TypeError("timeoutMs must be a positive number of milliseconds");
  return timeoutMs;
}

function checkMaxRetries(maxRetries: number): number {
  if (!(Number.isInteger(maxRetries) && maxRetries >= 0)) throw new TypeError("maxRetries must be a non-negative integer");
  return maxRetries;
}
