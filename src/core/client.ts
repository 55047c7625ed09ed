import createClient, { type Client } from "openapi-fetch";
import { retryAfterMs, sleep } from "../internal/backoff.js";
import { encodeForm } from "../internal/form.js";
import { checkApiKey, checkBaseUrl, checkHeaderValue, checkPathParam, serializePath } from "../internal/guards.js";
import { MAX_ERROR_BODY_BYTES, readTextUpTo } from "../internal/read-body.js";
import { redact, redactError, redactHeaders, secretForms, type Redaction } from "../internal/redact.js";
import { issuesOf, validatorFor, type ResponseValidators } from "../internal/validation.js";
import { USER_AGENT } from "../internal/version.js";
import { ApiPromise } from "./api-promise.js";
import {
  AbortError,
  ApiError,
  ConnectionError,
  ProductClientError,
  ResponseValidationError,
  TimeoutError,
  type ErrorSource,
  type ValidationIssue,
} from "./errors.js";
import {
  DEFAULT_IDEMPOTENCY_HEADER,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_VALIDATION_MODE,
  type ClientOptions,
  type RequestOptions,
  type ValidationMode,
} from "./options.js";

const FORM_MEDIA_TYPE = "application/x-www-form-urlencoded";
const VALIDATION_MODES: readonly ValidationMode[] = ["error", "warn", "off"];

/** How the API takes its key, from the spec's security scheme. */
export type AuthScheme =
  | { readonly in: "bearer" }
  | { readonly in: "basic" }
  | { readonly in: "header"; readonly name: string }
  | { readonly in: "query"; readonly name: string }
  | { readonly in: "cookie"; readonly name: string };

/** One generated call: an operation of the spec, as the runtime needs it. */
export interface CallDescription {
  /** The spec's operationId, or `METHOD /path` where it has none; errors name it. */
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  /** In the order of the call's positional arguments. */
  readonly pathParams: readonly string[];
  /** The media type the body is sent as (JSON, or form-encoded); absent when the operation takes none. */
  readonly body?: string;
  /** The 2xx statuses the spec declares (`"200"`, `"2XX"`, `"default"`) and what each answers with. */
  readonly responses: Readonly<Record<string, "json" | "text" | "empty">>;
}

/** What a generated client module tells the core about its API. */
export interface ApiDescription {
  readonly api: { readonly name: string; readonly servers: readonly string[] };
  /** The scheme the key is sent with; absent when the spec declares none (then no key is taken). */
  readonly auth?: AuthScheme;
  readonly envVar: string;
  /** Header for idempotency keys, and whether every POST/PATCH gets a generated one (README, "Retries"). */
  readonly idempotency?: { readonly header: string; readonly generate: boolean };
  /** Lower-case header names and property names whose values are never kept on an error or logged. */
  readonly secrets?: { readonly headers: readonly string[]; readonly fields: readonly string[] };
  readonly calls: { readonly [name: string]: CallDescription };
  /** Imported on first use, so clients with `validateResponses: "off"` never load the validators. */
  loadValidators(): Promise<{ readonly responseValidators: ResponseValidators }>;
}

/** The body of a 2xx answer with its status and headers, as `.withResponse()` gives it. */
export interface Answer {
  readonly status: number;
  readonly data: unknown;
  readonly headers: Headers;
}

export interface ApiClient<Paths extends {}> {
  readonly raw: Client<Paths>;
  /** Sends one generated call. `Data` and `Full` are the operation's typed results, given by the generated code. */
  call<Data, Full extends { readonly data: Data }>(
    name: string,
    pathValues: readonly unknown[],
    body: unknown,
    options: (RequestOptions & { headers?: object | undefined; query?: object | undefined }) | undefined,
  ): ApiPromise<Data, Full>;
}

// Retry policy, after openai-node: exponential backoff from 0.5 s to 8 s, up to 25 % jitter off, a server's
// Retry-After honoured as a floor when it asks for at most a minute (and the call failed at once when it asks more).
const INITIAL_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 8_000;
const RETRY_JITTER = 0.25;
const MAX_RETRY_AFTER_MS = 60_000;
/** RFC 9110 idempotent methods: sending one twice has the effect of sending it once. */
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"]);
/** Safe methods change nothing, so a 409 (a lock held elsewhere) may clear by itself. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);
/** Request headers that make a write conditional on the resource's state. */
const PRECONDITIONS = new Set(["if-match", "if-none-match", "if-unmodified-since"]);
/** Errors of a connection that never opened: nothing was sent, so any method may try again. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

/**
 * Whether a failed attempt may be sent again. A request the server may have applied (a timeout, a connection lost
 * after sending, 408, 5xx) is repeated only when repeating it cannot apply it twice: an idempotent method, or a
 * POST/PATCH with an idempotency key. A 429 was refused unprocessed; a 409 answer to a write is a conflict with
 * the resource's state (a version, a unique name) that the same request will meet again.
 */
export function isRetryable(failure: ProductClientError, method: string, hasIdempotencyKey: boolean, conditional = false): boolean {
  // A precondition (`If-Match: etag`) makes even a PUT unsafe to repeat: an applied first attempt changes what the
  // next one is checked against, and the write that was made is reported as a 412.
  const mayRepeat = SAFE_METHODS.has(method) || (IDEMPOTENT_METHODS.has(method) && !conditional) || hasIdempotencyKey;
  if (failure instanceof TimeoutError) return mayRepeat;
  if (failure instanceof ConnectionError) return mayRepeat || neverSent(failure.cause);
  if (!(failure instanceof ApiError)) return false;
  if (failure.status === 429) return true;
  if (failure.status === 409) return SAFE_METHODS.has(method);
  return (failure.status === 408 || failure.status >= 500) && mayRepeat;
}

/** Milliseconds to wait before retry number `retry` (0-based), given what the server asked for; `random` is injectable for tests. */
export function retryDelayMs(retry: number, requested?: number, random = Math.random): number {
  // A date already past means "now"; a wish beyond the cap never reaches here (the call fails at once).
  if (requested !== undefined && requested <= MAX_RETRY_AFTER_MS) return Math.max(0, requested);
  const delay = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retry, MAX_RETRY_DELAY_MS);
  return delay * (1 - random() * RETRY_JITTER);
}

export function createApiClient<Paths extends {}>(description: ApiDescription, options: ClientOptions = {}): ApiClient<Paths> {
  const { auth, envVar } = description;
  const name = description.api.name;
  if (isBrowserLike() && options.dangerouslyAllowBrowser !== true) {
    // The key would be readable by anyone who opens the page.
    throw new TypeError(`${name}: not run in a browser, where the key is public, unless dangerouslyAllowBrowser: true`);
  }
  const env = environment();
  if (!auth && options.apiKey !== undefined) {
    throw new TypeError(`${name}: the spec declares no security scheme to send apiKey with`);
  }
  const apiKey = auth ? checkApiKey(options.apiKey ?? env?.[envVar], env ? envVar : undefined) : "";
  const server = description.api.servers[0];
  if (!options.baseUrl && !server) throw new TypeError(`${name}: the spec declares no server; pass baseUrl`);
  const baseUrl = checkBaseUrl(options.baseUrl ?? server ?? "");
  const clientTimeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const clientMaxRetries = checkMaxRetries(options.maxRetries ?? DEFAULT_MAX_RETRIES);
  const mode = options.validateResponses ?? DEFAULT_VALIDATION_MODE;
  if (!VALIDATION_MODES.includes(mode)) throw new TypeError('validateResponses must be "error", "warn" or "off"');
  const logger = options.logger ?? console;
  // An injected fetch gets one Request: a wrapper that reads only its first argument still sends everything.
  // Node's own fetch gets (url, init), which spares building the Request twice (BENCHMARKS.md, "The client").
  // Passing Node's own fetch explicitly is the default, not a wrapper: it keeps the fast path.
  const injectedFetch = options.fetch === globalThis.fetch ? undefined : options.fetch;
  const globalFetch = globalThis.fetch;
  const redaction: Redaction = {
    secret: apiKey,
    headers: new Set([
      ...(description.secrets?.headers ?? []),
      ...(auth && auth.in !== "query" && "name" in auth ? [auth.name.toLowerCase()] : []),
      ...(auth?.in === "bearer" || auth?.in === "basic" ? ["authorization"] : []),
    ]),
    fields: new Set(description.secrets?.fields ?? []),
  };
  const authHeaders = authHeadersFor(auth, apiKey);
  const authQuery = auth?.in === "query" ? { [auth.name]: apiKey } : undefined;

  const clientOptions = {
    baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    // Client-wide headers rather than an onRequest middleware: any middleware makes openapi-fetch await it,
    // draw a random id and freeze an options object on every call (a few per cent of a call, measured).
    headers: { ...authHeaders, "User-Agent": USER_AGENT },
    pathSerializer: serializePath,
    // A redirect would carry the key to wherever the Location points; surface it as an ApiError instead.
    redirect: "manual",
  } as const;
  const raw = createClient<Paths>(clientOptions);
  if (authQuery) {
    raw.use({
      onRequest({ request }) {
        const url = new URL(request.url);
        url.searchParams.set(Object.keys(authQuery)[0] as string, apiKey);
        return new Request(url, request);
      },
    });
  }

  // The facade's calls go through a client of their own: middleware an app adds with `raw.use()` would see a
  // PreparedRequest instead of a Request. The calls name operations by generated method and path, untyped here.
  const untyped = createClient<Paths>(clientOptions) as unknown as {
    request(method: string, path: string, init: Record<string, unknown>): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  };

  let validators: Promise<{ readonly responseValidators: ResponseValidators }> | undefined;

  function call<Data, Full extends { readonly data: Data }>(
    callName: string,
    pathValues: readonly unknown[],
    body: unknown,
    callOptions: (RequestOptions & { headers?: object | undefined; query?: object | undefined }) | undefined = {},
  ): ApiPromise<Data, Full> {
    // The one place an answer takes the spec's types: the generated call names them, and validation checks them.
    return new ApiPromise<Data, Full>(send(callName, pathValues, body, callOptions) as Promise<unknown> as Promise<Full>);
  }

  async function send(callName: string, pathValues: readonly unknown[], body: unknown, callOptions: RequestOptions & { headers?: object | undefined; query?: object | undefined }): Promise<Answer> {
    const spec = description.calls[callName];
    if (!spec) throw new TypeError(`${name}: unknown call ${callName}`);
    const source: ErrorSource = { api: name, operation: spec.operation };
    // Everything that can be wrong with the caller's input is a TypeError here, before anything is sent.
    const pathParams: Record<string, string> = {};
    spec.pathParams.forEach((param, index) => (pathParams[param] = checkPathParam(param, pathValues[index])));
    const timeoutMs = checkTimeout(callOptions.timeoutMs ?? clientTimeoutMs);
    const maxRetries = checkMaxRetries(callOptions.maxRetries ?? clientMaxRetries);
    const headers: Record<string, string> = {};
    for (const [header, value] of Object.entries(callOptions.headers ?? {})) {
      if (value !== undefined) headers[header] = checkHeaderValue(header, value);
    }
    // Serialised once, here: a body that cannot be is a TypeError before any request, not a lost connection.
    let serialized: string | undefined;
    if (spec.body?.startsWith(FORM_MEDIA_TYPE)) serialized = encodeForm(body);
    else if (spec.body && body !== undefined) serialized = JSON.stringify(body);
    if (serialized !== undefined && spec.body) headers["Content-Type"] = spec.body;
    const idempotencyHeader = description.idempotency?.header ?? DEFAULT_IDEMPOTENCY_HEADER;
    // Where the API declares idempotency keys, one the caller put in the headers is the key, as if given as
    // idempotencyKey: a generated one would replace it. Elsewhere such a header is only a header.
    const given = description.idempotency ? Object.keys(headers).filter((header) => header.toLowerCase() === idempotencyHeader.toLowerCase()) : [];
    const keys = new Set([...given.map((header) => headers[header]), ...(callOptions.idempotencyKey === undefined ? [] : [String(callOptions.idempotencyKey)])]);
    if (keys.size > 1) throw new TypeError(`Two different idempotency keys (idempotencyKey, ${idempotencyHeader} headers); give one`);
    const idempotencyKey =
      callOptions.idempotencyKey ??
      (given.length > 0 ? headers[given[0] as string] : description.idempotency?.generate && !IDEMPOTENT_METHODS.has(spec.method) ? globalThis.crypto.randomUUID() : undefined);
    if (idempotencyKey !== undefined) {
      const key = checkHeaderValue("idempotencyKey", idempotencyKey);
      // A blank key is sent as no key at all (fetch trims header values), yet would let a POST or PATCH be repeated.
      if (key.trim() === "") throw new TypeError("idempotencyKey must not be empty or blank");
      for (const header of given) delete headers[header];
      headers[idempotencyHeader] = key;
    }
    const conditional = Object.keys(headers).some((header) => PRECONDITIONS.has(header.toLowerCase()));
    const query = authQuery ? { ...(callOptions.query as Record<string, unknown> | undefined), ...authQuery } : callOptions.query;
    const { signal } = callOptions;

    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new AbortError(source, reasonOf(signal));
      const attemptController = new AbortController();
      const timer = setTimeout(abortOnTimeout, timeoutMs, attemptController);
      // Forwarded by hand rather than with AbortSignal.any, and unhooked after the attempt, so a long-lived
      // caller signal does not collect one composite signal per attempt.
      let forwardAbort: (() => void) | undefined;
      if (signal) {
        forwardAbort = () => attemptController.abort(signal.reason);
        signal.addEventListener("abort", forwardAbort, { once: true });
      }
      // What the attempt ended with: an answer, or the failure of a request that got none.
      let outcome: { data?: unknown; error?: unknown; response: Response } | ProductClientError;
      let sent = false;
      // A status that arrived before the body was lost: a 2xx means the vendor applied the write, so it is answered and
      // never sent again; any other status still decides, by the rules for its status, whether to send it again.
      let received: Response | undefined;
      try {
        // Raced against the attempt's own signal: a fetch that loses track of it (a wrapper that copies the Request,
        // whose following signal undici may let the garbage collector take) still ends at the timeout.
        outcome = await abortable(untyped.request(spec.method, spec.path, {
          params: { path: pathParams, query },
          headers,
          body: serialized,
          bodySerializer: alreadySerialized,
          // Parsed here rather than by openapi-fetch, so malformed JSON is told apart from a lost connection.
          parseAs: "text",
          signal: attemptController.signal,
          Request: PreparedRequest,
          fetch: async (prepared: PreparedRequest) => {
            sent = true;
            const response = await (injectedFetch ? injectedFetch(new Request(prepared.url, prepared.init)) : globalFetch(prepared.url, prepared.init));
            received = response;
            return response.ok ? response : boundedError(response);
          },
        }), attemptController.signal);
      } catch (thrown) {
        // Answered as the validation mode says, with no data, and never sent again; your abort too, once the write is made.
        if (received?.ok) {
          const why = signal?.aborted ? "your signal aborted the call" : attemptController.signal.aborted ? `the timeout of ${timeoutMs} ms passed` : `reading it failed: ${messageOf(thrown)}`;
          return await answer(source, spec, received, undefined, why);
        }
        if (signal?.aborted) throw new AbortError(source, reasonOf(signal));
        // Thrown while building the request: a bug or an input the guards missed, not a lost connection to retry.
        if ((!sent && !attemptController.signal.aborted) || thrown instanceof ProductClientError) throw thrown;
        const wait = received && retryAfterMs(received.headers);
        outcome = received
          ? ApiError.generate(received.status, undefined, redactHeaders(received.headers, redaction), source, wait === undefined ? undefined : Math.max(0, wait))
          : attemptController.signal.aborted
            ? new TimeoutError(source, timeoutMs)
            : new ConnectionError(source, undefined, { cause: redactError(thrown, apiKey) });
      } finally {
        clearTimeout(timer);
        if (forwardAbort) signal?.removeEventListener("abort", forwardAbort);
      }
      // Outside the attempt's catch: a validator that fails to load is not a lost connection to retry.
      let failure: ProductClientError;
      if (outcome instanceof ProductClientError) {
        failure = outcome;
      } else {
        const { data, error, response } = outcome;
        if (response.ok) return await answer(source, spec, response, data);
        const wait = retryAfterMs(response.headers);
        failure = ApiError.generate(response.status, redact(error, redaction), redactHeaders(response.headers, redaction), source, wait === undefined ? undefined : Math.max(0, wait));
      }
      if (!isRetryable(failure, spec.method, idempotencyKey !== undefined, conditional)) throw failure;
      // A server that asks for a longer wait than the client will sleep gets no early retry: the caller decides.
      if (failure instanceof ApiError && failure.retryAfterMs !== undefined && failure.retryAfterMs > MAX_RETRY_AFTER_MS) throw failure;
      if (attempt >= maxRetries) throw failure;
      try {
        await sleep(retryDelayMs(attempt, failure instanceof ApiError ? failure.retryAfterMs : undefined), signal);
      } catch {
        throw new AbortError(source, reasonOf(signal));
      }
    }
  }

  /** A 2xx answer: read whole, parsed by its content type, and checked against what the spec declares. */
  async function answer(source: ErrorSource, spec: CallDescription, response: Response, body: unknown, cut?: string): Promise<Answer> {
    const { status, headers } = response;
    const text = typeof body === "string" ? body : "";
    const declared = spec.responses[String(status)] ?? spec.responses[`${String(status)[0]}XX`] ?? spec.responses.default;
    const mediaType = headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
    const isJson = /[/+]json$/.test(mediaType);
    const issues: ValidationIssue[] = [];
    let data: unknown = text === "" ? undefined : text;
    if (declared === undefined) issues.push({ path: "$", message: `has status ${status}, which the spec does not declare` });
    // A body lost after a 2xx status: the vendor applied the write, and there is nothing to check.
    if (cut) issues.push({ path: "$", message: `was cut off before its end (${cut})` });
    else if (text !== "") {
      if (isJson) {
        try {
          data = JSON.parse(text);
        } catch {
          issues.push({ path: "$", message: "is not valid JSON" });
        }
      } else if (declared === "json") {
        issues.push({ path: "$", message: `has content type ${mediaType || "(none)"}; the spec declares JSON` });
      }
      if (declared === "empty") issues.push({ path: "$", message: "has a body; the spec declares none" });
    } else if (declared === "json") {
      issues.push({ path: "$", message: "is empty; the spec declares a JSON body" });
    }
    if (mode === "off") return { status, data, headers };
    if (issues.length === 0 && declared === "json") {
      const checked = await validate(source, response, data);
      if (checked !== undefined) issues.push(...checked);
    }
    if (issues.length === 0) return { status, data, headers };
    const error = new ResponseValidationError(status, issues, redact(data, redaction), requestIdOf(response), source);
    if (mode === "error") throw error;
    // "warn": the vendor has applied the write; reporting it as failed could make the caller send it again.
    logger.warn(error.message, { issues: error.issues, requestId: error.requestId });
    return { status, data, headers };
  }

  /** The schema's issues with a JSON body, or undefined when it matches (or there is nothing to check it with). */
  async function validate(source: ErrorSource, response: Response, data: unknown): Promise<ValidationIssue[] | undefined> {
    validators ??= description.loadValidators();
    let loaded: { readonly responseValidators: ResponseValidators };
    try {
      loaded = await validators;
    } catch (error) {
      // Not kept: the next call tries the import again rather than failing (or warning) for the client's life.
      validators = undefined;
      if (mode === "error") throw error;
      logger.warn(`${source.api} ${source.operation}: response validators could not be loaded`, { error, requestId: requestIdOf(response) });
      return undefined;
    }
    const check = validatorFor(loaded.responseValidators, source.operation, response.status);
    return !check || check(data) ? undefined : issuesOf(check);
  }

  /** The caller's abort reason, as it is unless it carries the key (an app may abort with any value). */
  function reasonOf(signal: AbortSignal | undefined): unknown {
    const reason = signal?.reason;
    if (!apiKey) return reason;
    if (typeof reason === "string") return redact(reason, apiKey);
    if (reason instanceof Error && secretForms(apiKey).some((form) => `${reason.message}${reason.stack}`.includes(form))) return redactError(reason, apiKey);
    return reason;
  }

  /** What a thrown error says, with its cause (undici's "terminated" is explained by its cause), redacted. */
  function messageOf(thrown: unknown): string {
    const cause = thrown instanceof Error && thrown.cause instanceof Error ? ` (${thrown.cause.message})` : "";
    return redact(`${thrown instanceof Error ? thrown.message : String(thrown)}${cause}`, redaction);
  }

  /** Looked up only for a report, and redacted like the rest. */
  function requestIdOf(response: Response): string | undefined {
    return redact(response.headers.get("x-request-id") ?? undefined, redaction);
  }

  return { raw, call };
}

function authHeadersFor(auth: AuthScheme | undefined, apiKey: string): Record<string, string> {
  switch (auth?.in) {
    case "bearer":
      return { Authorization: `Bearer ${apiKey}` };
    case "basic":
      // The key is `user:password`, as HTTP basic sends it.
      return { Authorization: `Basic ${btoa(apiKey)}` };
    case "header":
      return { [auth.name]: apiKey };
    case "cookie":
      return { Cookie: `${auth.name}=${encodeURIComponent(apiKey)}` };
    default:
      return {};
  }
}

/**
 * What openapi-fetch builds for a facade call in place of a WHATWG Request: the URL and init it would construct one
 * from. Node's fetch constructs its own Request from its arguments anyway, so a Request built here would be built
 * twice (BENCHMARKS.md, "The client"). openapi-fetch reads only `method` back (for HEAD).
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

/** openapi-fetch `bodySerializer` for a body the call has already serialised. */
function alreadySerialized(body: unknown): unknown {
  return body;
}

/**
 * A non-2xx answer with its body cut to a bound (openapi-fetch reads an error body whole): the stream is cancelled
 * after the limit, so a huge or endless body costs no more than that.
 */
async function boundedError(response: Response): Promise<Response> {
  if (!response.body || response.status < 200) return response;
  let text = "";
  try {
    text = await readTextUpTo(response, MAX_ERROR_BODY_BYTES);
  } catch {
    // The status already says what happened; a body cut short adds nothing to retry on.
  }
  return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function neverSent(cause: unknown): boolean {
  for (let error = cause, depth = 0; error instanceof Error && depth < 5; error = error.cause, depth++) {
    if ("code" in error && NOT_SENT_CODES.has(String(error.code))) return true;
  }
  return false;
}

/** Settles as `promise` does, or rejects with the signal's reason as soon as it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener("abort", onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener("abort", onAbort), reject(error)),
    );
  });
}

function abortOnTimeout(controller: AbortController): void {
  controller.abort();
}

/** A page, not a server: a window and a document, and no Node, Deno or Bun underneath. */
function isBrowserLike(): boolean {
  const global = globalThis as { window?: unknown; document?: unknown; process?: { versions?: { node?: string } }; Deno?: unknown };
  return typeof global.window === "object" && typeof global.document === "object" && !global.process?.versions?.node && global.Deno === undefined;
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
