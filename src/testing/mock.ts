import type { ValidationIssue } from "../core/errors.js";
import type { CallData, MockApi } from "./api.js";
import { checkRequest } from "./check-request.js";
import { RequestValidationError, type Violation } from "./errors.js";
import { defaultBody, responseFor, successStatus, toResponse, wrongTyped } from "./responses.js";
import type { Handler, HandlerResult, Handlers, MockOptions, MockRequest, RecordedCall, ScenarioOptions } from "./types.js";

export interface Mock<Calls> {
  /** Pass as the client's `fetch` option; takes what fetch takes, so it also serves a hand-written call. */
  readonly fetch: MockFetch;
  /** Every request received, in order, with its call name (undefined for a path no call has), parameters, headers and parsed body. */
  readonly calls: RecordedCall<Calls>[];
  /** The requests the spec does not accept; each was answered with a 4xx (404, 405, 401, 415 or 400). */
  readonly violations: Violation[];
  /** The recorded requests of one call, typed. */
  callsOf<Name extends keyof Calls & string>(call: Name): (MockRequest<Calls[Name], Name> & { readonly violations: readonly ValidationIssue[] })[];
  /** Sets (or replaces) the handler of one call. */
  on<Name extends keyof Calls & string>(call: Name, handler: Handler<Calls[Name], Name>): this;
  /** Throws a RequestValidationError listing every request the vendor would have rejected (call it in afterEach). */
  assertNoViolations(): void;
  /** Answers the next request(s) with this status, a `Retry-After` if given, and the spec's body for the status. */
  failNext(status: number, options?: ScenarioOptions<Calls> & { retryAfter?: number | string; body?: unknown }): this;
  /** Answers the next request(s) only after `ms`, or not at all if the client aborts first (its timeout). */
  delayNext(ms: number, options?: ScenarioOptions<Calls>): this;
  /** The connection is lost after the request was sent (ECONNRESET): the outcome is unknown to the client. */
  dropNext(options?: ScenarioOptions<Calls>): this;
  /** The connection is refused (ECONNREFUSED): nothing was sent. */
  refuseNext(options?: ScenarioOptions<Calls>): this;
  /** A success status with a JSON content type and a body cut short. */
  malformedNext(options?: ScenarioOptions<Calls>): this;
  /** A success status with the default body, one value in it of the wrong type. */
  wrongTypeNext(options?: ScenarioOptions<Calls>): this;
  /** A redirect (default 302) to `location`; the client never follows one. */
  redirectNext(options?: ScenarioOptions<Calls> & { status?: number; location?: string }): this;
  /** Forgets recorded calls, violations and pending scenarios; handlers stay. */
  reset(): void;
}

/** fetch's shape; a `FetchFunction` for the client's `fetch` option. */
export type MockFetch = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

interface Context {
  readonly request: Request;
  readonly call: CallData;
  readonly name: string;
  readonly answer: () => Promise<Response>;
}

interface Scenario {
  remaining: number;
  readonly call: string | undefined;
  readonly act: (context: Context) => Promise<Response>;
}

const REPLY = Symbol("product-clients.reply");

/** An answer with a status, unambiguous even when the body itself has a `status` property. */
export function reply<Status extends number>(status: Status): { readonly status: Status };
export function reply<Status extends number, Body>(status: Status, body: Body, headers?: Record<string, string>): { readonly status: Status; readonly body: Body; readonly headers?: Record<string, string> };
export function reply(status: number, body?: unknown, headers?: Record<string, string>): { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> } {
  return Object.assign(Object.create(null) as object, { [REPLY]: true, status, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) }) as never;
}

/**
 * A stand-in for one API: its `fetch` checks every request against the spec, records it, and answers it with the
 * handler's result, the spec's example or a body synthesised from the response schema (valid against the spec).
 * Works for any generated client: `api` is `generated/<api>.testing.ts`'s `api`.
 */
export function createMock<Calls>(api: MockApi<Calls>, options: MockOptions<Calls> = {}): Mock<Calls> {
  const untypedApi = api as MockApi<unknown>;
  const handlers = new Map<string, Handler<unknown>>(Object.entries(options.handlers ?? {}) as [string, Handler<unknown>][]);
  const seed = options.seed ?? 1;
  let scenarios: Scenario[] = [];
  const attempts = new Map<string, number>();
  const calls: RecordedCall<Calls>[] = [];
  const violations: Violation[] = [];
  let requestCount = 0;

  const fetch: MockFetch = async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = request.body ? await request.text() : "";
    let checked: ReturnType<typeof checkRequest>;
    try {
      checked = checkRequest(untypedApi, url, request.method, request.headers, text);
    } catch (error) {
      // Thrown from fetch, the kit's own failure would reach the test as a retried ConnectionError: record it too.
      violations.push({ call: undefined, method: request.method, url: url.href, status: 0, issues: [{ path: "$", message: `could not be checked: ${String(error)}` }] });
      throw error;
    }
    const attempt = checked.call === undefined ? 1 : (attempts.get(checked.call) ?? 0) + 1;
    if (checked.call !== undefined) attempts.set(checked.call, attempt);
    const recorded = { call: checked.call, method: request.method, url, pathParams: checked.pathParams, query: checked.query, headers: checked.headers, body: checked.body, attempt, violations: checked.issues };
    calls.push(recorded as RecordedCall<Calls>);
    const requestId = `mock-${++requestCount}`;
    if (checked.issues.length > 0 || checked.call === undefined) {
      const violation: Violation = { call: checked.call, method: request.method, url: url.href, status: checked.status, issues: checked.issues };
      violations.push(violation);
      // A 4xx as the vendor would answer, so the client's error path runs; assertNoViolations() fails the test.
      return toResponse(checked.status, { message: "product-clients/testing: the request does not match the spec", issues: checked.issues }, "application/json", { "x-request-id": requestId });
    }
    const name = checked.call;
    const call = (untypedApi.calls as Record<string, CallData>)[name] as CallData;
    const answer = async () => {
      const handler = handlers.get(name);
      const status = successStatus(call);
      const body = defaultBody(untypedApi, call, status, seed);
      if (!handler) return toResponse(status, body?.body, body?.mediaType, { "x-request-id": requestId });
      const result = await handler(recorded as unknown as MockRequest<unknown>, { body: body?.body as never });
      return fromResult(call, result, requestId);
    };
    const scenario = scenarios.find((s) => s.remaining > 0 && (s.call === undefined || s.call === name));
    if (scenario) {
      scenario.remaining--;
      scenarios = scenarios.filter((s) => s.remaining > 0);
      return scenario.act({ request, call, name, answer });
    }
    return answer();
  };

  const add = (opts: ScenarioOptions<Calls> | undefined, act: Scenario["act"]) => {
    scenarios.push({ remaining: opts?.times ?? 1, call: opts?.call, act });
  };

  const mock: Mock<Calls> = {
    fetch,
    calls,
    violations,
    callsOf: (name) => calls.filter((c) => c.call === name) as never,
    on(name, handler) {
      handlers.set(name, handler as Handler<unknown>);
      return this;
    },
    assertNoViolations() {
      if (violations.length > 0) throw new RequestValidationError(violations);
    },
    failNext(status, opts) {
      add(opts, async ({ call }) => {
        const headers: Record<string, string> = { "x-request-id": `mock-${++requestCount}` };
        if (opts?.retryAfter !== undefined) headers["retry-after"] = String(opts.retryAfter);
        if (opts?.body !== undefined) return toResponse(status, opts.body, "application/json", headers);
        const declared = responseFor(call, status) ? defaultBody(untypedApi, call, status, seed) : undefined;
        return toResponse(status, declared ? declared.body : { message: `product-clients/testing: failed with ${status}` }, declared?.mediaType, headers);
      });
      return this;
    },
    delayNext(ms, opts) {
      add(opts, async ({ request, answer }) => {
        await sleep(ms, request.signal);
        return answer();
      });
      return this;
    },
    dropNext(opts) {
      add(opts, async () => {
        throw networkError("ECONNRESET", "socket hang up");
      });
      return this;
    },
    refuseNext(opts) {
      add(opts, async () => {
        throw networkError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:443");
      });
      return this;
    },
    malformedNext(opts) {
      add(opts, async ({ call }) => {
        const status = successStatus(call);
        const text = JSON.stringify(defaultBody(untypedApi, call, status, seed)?.body ?? { truncated: true });
        // Cut in the middle; a 204 would carry no body at all, so the status is 200.
        return new Response(text.slice(0, Math.max(1, Math.floor(text.length / 2))), { status: status === 204 ? 200 : status, headers: { "content-type": "application/json" } });
      });
      return this;
    },
    wrongTypeNext(opts) {
      add(opts, async ({ call }) => {
        const status = successStatus(call);
        const body = defaultBody(untypedApi, call, status, seed);
        return toResponse(status === 204 ? 200 : status, wrongTyped(body?.body), "application/json", {});
      });
      return this;
    },
    redirectNext(opts) {
      add(opts, async () => new Response(null, { status: opts?.status ?? 302, headers: { location: opts?.location ?? "http://127.0.0.1:9/moved" } }));
      return this;
    },
    reset() {
      calls.length = 0;
      violations.length = 0;
      scenarios = [];
      attempts.clear();
    },
  };
  return mock;
}

function fromResult(call: CallData, result: HandlerResult<unknown>, requestId: string): Response {
  const isReply =
    result !== null &&
    typeof result === "object" &&
    (REPLY in result || (typeof (result as { status?: unknown }).status === "number" && Object.keys(result).every((k) => ["status", "body", "headers"].includes(k))));
  if (isReply) {
    const { status, body, headers } = result as { status: number; body?: unknown; headers?: Record<string, string> };
    const mediaType = Object.keys(responseFor(call, status)?.content ?? {})[0];
    return toResponse(status, body, mediaType, { "x-request-id": requestId, ...headers });
  }
  const status = successStatus(call);
  const mediaType = Object.keys(responseFor(call, status)?.content ?? {})[0];
  return toResponse(status, result, mediaType, { "x-request-id": requestId });
}

function networkError(code: string, message: string): TypeError {
  // As undici reports it: a TypeError "fetch failed" whose cause carries the system error's code.
  return new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
