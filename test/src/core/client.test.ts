import { getEventListeners } from "node:events";
import { inspect } from "node:util";
import { afterEach, describe, expect, test, vi } from "vitest";
import {
  AbortError,
  ApiError,
  BadRequestError,
  ConnectionError,
  InternalServerError,
  ProductClientError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  createSolvaPayClient,
  type ClientOptions,
} from "../../../src/index.js";
import { createApiClient, retryDelayMs, type ApiDescription } from "../../../src/core/client.js";
import { retryAfterMs } from "../../../src/internal/backoff.js";
import { SOLVAPAY_PRODUCT, hang, json, recordingFetch, type Handler } from "../../helpers/fetch.js";

const KEY = "sk_sandbox_s3cr3t";
const silent = { warn: vi.fn() };

function client(handler: Handler, options: ClientOptions = {}) {
  const { fetch, requests } = recordingFetch(handler);
  return { solvapay: createSolvaPayClient({ apiKey: KEY, fetch, logger: silent, ...options }), requests };
}

const retryNow = { "retry-after": "0" };

afterEach(() => {
  vi.unstubAllEnvs();
  silent.warn.mockReset();
});

describe("retryDelayMs", () => {
  test.each([
    [0, 500],
    [1, 1000],
    [3, 4000],
    [4, 8000],
    [10, 8000],
  ])("retry %i waits %i ms without jitter, capped at 8 s", (retry, want) => {
    expect(retryDelayMs(retry, undefined, () => 0)).toBe(want);
  });

  test("jitter takes off at most 25 %", () => {
    expect(retryDelayMs(1, undefined, () => 1)).toBe(750);
  });

  const asked = (headers: Record<string, string>) => retryAfterMs(new Headers(headers));

  test("retry-after is waited for exactly, up to 60 s", () => {
    expect(retryDelayMs(0, asked({ "retry-after": "30" }))).toBe(30_000);
    expect(retryDelayMs(0, asked({ "retry-after": "60" }))).toBe(60_000);
    expect(retryDelayMs(0, asked({ "retry-after-ms": "5" }))).toBe(5);
  });

  test("a retry-after in no valid form is ignored in favour of the backoff", () => {
    for (const value of ["-5", "0x10", "1e3", "soon", "Xyz 7", "Mon"]) expect(retryDelayMs(1, asked({ "retry-after": value }), () => 0)).toBe(1000);
    expect(retryDelayMs(1, asked({ "retry-after-ms": "-1000" }), () => 0)).toBe(1000);
  });
});

describe("requests", () => {
  test("sends the key as a bearer token, the User-Agent and the JSON body to the spec's server", async () => {
    const { solvapay, requests } = client(() => json(SOLVAPAY_PRODUCT));
    const product = await solvapay.updateProduct("prd_1A2B3C4D", { name: "New", status: "inactive" });
    expect(product).toEqual(SOLVAPAY_PRODUCT);
    expect(requests).toHaveLength(1);
    const [sent] = requests;
    expect(sent?.method).toBe("PUT");
    expect(sent?.url).toBe("https://api.solvapay.com/v1/sdk/products/prd_1A2B3C4D");
    expect(sent?.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(sent?.headers.get("user-agent")).toMatch(/^product-clients\/\d+\.\d+\.\d+/);
    expect(sent?.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(sent?.body ?? "")).toEqual({ name: "New", status: "inactive" });
  });

  test("falls back to SOLVAPAY_API_KEY", async () => {
    vi.stubEnv("SOLVAPAY_API_KEY", "sk_live_fromenv");
    const { fetch, requests } = recordingFetch(() => json(SOLVAPAY_PRODUCT));
    await createSolvaPayClient({ fetch }).updateProduct("prd_1", {});
    expect(requests[0]?.headers.get("authorization")).toBe("Bearer sk_live_fromenv");
  });

  test("without a key anywhere, creation fails", () => {
    vi.stubEnv("SOLVAPAY_API_KEY", undefined);
    expect(() => createSolvaPayClient()).toThrow(/SOLVAPAY_API_KEY/);
  });

  test("rejects bad client options at creation", () => {
    expect(() => createSolvaPayClient({ apiKey: KEY, baseUrl: "http://api.solvapay.com" })).toThrow(TypeError);
    expect(() => createSolvaPayClient({ apiKey: KEY, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => createSolvaPayClient({ apiKey: KEY, maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => createSolvaPayClient({ apiKey: KEY, validateResponses: "strict" as "error" })).toThrow(/validateResponses/);
  });

  test("a body that cannot be serialised fails before any request", async () => {
    const { solvapay, requests } = client(() => json(SOLVAPAY_PRODUCT));
    await expect(solvapay.updateProduct("prd_1", { metadata: { n: 1n } })).rejects.toThrow(TypeError);
    expect(requests).toHaveLength(0);
  });

  test("a redirect is not followed, so the key goes nowhere else", async () => {
    const modes: RequestRedirect[] = [];
    const { solvapay, requests } = client((request) => {
      modes.push(request.redirect);
      return new Response(null, { status: 307, headers: { location: "https://evil.example/" } });
    });
    const error = await solvapay.updateProduct("prd_1", {}).catch((e: unknown) => e);
    expect(modes).toEqual(["manual"]);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(307);
    expect(requests).toHaveLength(1);
  });
});

describe("the injected fetch", () => {
  // Three shapes app teams write: all must send the same request, and all must be aborted by the timeout.
  const shapes: [string, (seen: Request[]) => (input: Request | string, init?: RequestInit) => Promise<Response>][] = [
    ["reads only its first argument", (seen) => async (input) => (seen.push(new Request(input)), json(SOLVAPAY_PRODUCT))],
    ["reads (input, init)", (seen) => async (input, init) => (seen.push(new Request(input, init)), json(SOLVAPAY_PRODUCT))],
    [
      "expects a Request",
      (seen) => async (input) => {
        if (!(input instanceof Request)) throw new TypeError("not a Request");
        seen.push(input);
        return json(SOLVAPAY_PRODUCT);
      },
    ],
  ];

  test.each(shapes)("a fetch that %s sends the method, URL, headers and body of the call", async (_, make) => {
    const seen: Request[] = [];
    await createSolvaPayClient({ apiKey: KEY, fetch: make(seen) }).updateProduct("prd_1", { name: "N" });
    expect(seen).toHaveLength(1);
    const [request] = seen as [Request];
    expect(request.method).toBe("PUT");
    expect(request.url).toBe("https://api.solvapay.com/v1/sdk/products/prd_1");
    expect(request.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(request.headers.get("content-type")).toBe("application/json");
    expect(request.redirect).toBe("manual");
    expect(await request.text()).toBe('{"name":"N"}');
  });

  test.each([
    ["reads only its first argument", (input: Request | string) => hang(input as Request)],
    ["reads (input, init)", (input: Request | string, init?: RequestInit) => hang(new Request(input, init))],
  ])("a fetch that %s is aborted when the attempt times out", async (_, fetch) => {
    let attempts = 0;
    const counting = (input: Request | string, init?: RequestInit) => (attempts++, fetch(input, init));
    const solvapay = createSolvaPayClient({ apiKey: KEY, fetch: counting, timeoutMs: 20, maxRetries: 1 });
    await expect(solvapay.updateProduct("prd_1", {})).rejects.toBeInstanceOf(TimeoutError);
    expect(attempts).toBe(2);
  });

  test("middleware added to raw runs on raw calls only", async () => {
    const seen: string[] = [];
    const { fetch, requests } = recordingFetch(() => json(SOLVAPAY_PRODUCT));
    const solvapay = createSolvaPayClient({ apiKey: KEY, fetch });
    solvapay.raw.use({
      onRequest({ request }) {
        seen.push(request.headers.get("user-agent") ?? "none");
        request.headers.set("x-raw", "1");
        return request;
      },
    });
    await expect(solvapay.updateProduct("prd_1", {})).resolves.toEqual(SOLVAPAY_PRODUCT);
    await solvapay.raw.PUT("/v1/sdk/products/{productRef}", { params: { path: { productRef: "prd_1" } }, body: {} });
    expect(seen).toHaveLength(1);
    expect(requests.map((r) => r.headers.get("x-raw"))).toEqual([null, "1"]);
  });

  test("a raw call passes a Request, as openapi-fetch does", async () => {
    const inputs: unknown[] = [];
    const fetch = async (input: Request | string) => {
      inputs.push(input);
      return json(SOLVAPAY_PRODUCT);
    };
    await createSolvaPayClient({ apiKey: KEY, fetch }).raw.PUT("/v1/sdk/products/{productRef}", { params: { path: { productRef: "prd_1" } }, body: {} });
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toBeInstanceOf(Request);
    expect((inputs[0] as Request).headers.get("authorization")).toBe(`Bearer ${KEY}`);
  });
});

describe("retries", () => {
  test.each([408, 429, 500, 503])("%i is retried up to maxRetries", async (status) => {
    const { solvapay, requests } = client(() => json({ error: "busy" }, { status, headers: retryNow }));
    await expect(solvapay.updateProduct("prd_1", {})).rejects.toBeInstanceOf(ApiError);
    expect(requests).toHaveLength(3);
  });

  test.each([400, 401, 403, 404, 409, 422])("%i is not retried for a PUT", async (status) => {
    const { solvapay, requests } = client(() => json({}, { status, headers: retryNow }));
    await expect(solvapay.updateProduct("prd_1", {})).rejects.toBeInstanceOf(ApiError);
    expect(requests).toHaveLength(1);
  });

  test("503 then 200 resolves with the 200 body", async () => {
    const { solvapay, requests } = client((_, attempt) =>
      attempt === 1 ? json({}, { status: 503, headers: retryNow }) : json(SOLVAPAY_PRODUCT),
    );
    await expect(solvapay.updateProduct("prd_1", {})).resolves.toEqual(SOLVAPAY_PRODUCT);
    expect(requests).toHaveLength(2);
  });

  test("the final failure is the last status's class, with status, body and request id", async () => {
    const { solvapay } = client(() =>
      json({ error: "slow down" }, { status: 429, headers: { ...retryNow, "x-request-id": "req_42" } }),
    );
    const error = await solvapay.updateProduct("prd_1", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, requestId: "req_42", body: { error: "slow down" } });
    expect(error).toMatchObject({ api: "solvapay", operation: "ProductSdkController_updateProduct" });
  });

  test("per-call maxRetries overrides the client's", async () => {
    const { solvapay, requests } = client(() => json({}, { status: 500, headers: retryNow }), { maxRetries: 5 });
    await expect(solvapay.updateProduct("prd_1", {}, { maxRetries: 0 })).rejects.toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(1);
  });

  test("connection errors are retried and end as ConnectionError with the cause", async () => {
    const { solvapay, requests } = client(() => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("reset"), { code: "ECONNRESET" }) });
    }, { maxRetries: 1 });
    const error = await solvapay.updateProduct("prd_1", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(((error as Error).cause as Error).message).toBe("fetch failed");
    expect(requests).toHaveLength(2);
  });
});

describe("timeouts and cancellation", () => {
  test("an attempt that times out is retried; the final failure is a TimeoutError", async () => {
    const { solvapay, requests } = client(hang, { timeoutMs: 20 });
    const error = await solvapay.updateProduct("prd_1", {}, { maxRetries: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(20);
    expect(requests).toHaveLength(2);
  });

  test("a timed-out attempt followed by a success resolves", async () => {
    const { solvapay, requests } = client((request, attempt) => (attempt === 1 ? hang(request) : json(SOLVAPAY_PRODUCT)));
    await expect(solvapay.updateProduct("prd_1", {}, { timeoutMs: 20, maxRetries: 1 })).resolves.toEqual(SOLVAPAY_PRODUCT);
    expect(requests).toHaveLength(2);
  });

  test("an already aborted signal sends nothing", async () => {
    const { solvapay, requests } = client(() => json(SOLVAPAY_PRODUCT));
    await expect(solvapay.updateProduct("prd_1", {}, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(requests).toHaveLength(0);
  });

  test("aborting during a request stops at once, with no further attempt", async () => {
    const controller = new AbortController();
    const { solvapay, requests } = client((request) => {
      setTimeout(() => controller.abort(), 5);
      return hang(request);
    });
    await expect(solvapay.updateProduct("prd_1", {}, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(requests).toHaveLength(1);
  });

  test("a caller's signal that outlives many calls is left with no listener of ours", async () => {
    const controller = new AbortController();
    const { solvapay, requests } = client((_, attempt) => (attempt % 2 === 1 ? json({}, { status: 503, headers: retryNow }) : json(SOLVAPAY_PRODUCT)));
    for (let i = 0; i < 3; i++) await expect(solvapay.updateProduct("prd_1", {}, { signal: controller.signal })).resolves.toEqual(SOLVAPAY_PRODUCT);
    expect(requests).toHaveLength(6);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  test("aborting during the backoff stops at once, with no further attempt", async () => {
    const controller = new AbortController();
    const { solvapay, requests } = client(() => {
      setTimeout(() => controller.abort(), 5);
      return json({}, { status: 503, headers: { "retry-after": "30" } });
    });
    const started = Date.now();
    await expect(solvapay.updateProduct("prd_1", {}, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe("response validation", () => {
  const drifted = { ...SOLVAPAY_PRODUCT, balance: "0", name: undefined };

  test('"warn" (the default) logs the drift by JSON path and returns the data', async () => {
    const { solvapay } = client(() => json(drifted));
    await expect(solvapay.updateProduct("prd_1", {})).resolves.toEqual(JSON.parse(JSON.stringify(drifted)));
    expect(silent.warn).toHaveBeenCalledTimes(1);
    const [message, details] = silent.warn.mock.calls[0] as [string, { issues: { path: string }[] }];
    expect(message).toMatch(/did not match the spec/);
    expect(details.issues.map((issue) => issue.path).sort()).toEqual(["$.balance", "$.name"]);
  });

  test('"error" throws ResponseValidationError with the paths and the body, and does not retry', async () => {
    const { solvapay, requests } = client(() => json(drifted), { validateResponses: "error" });
    const error = await solvapay.updateProduct("prd_1", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues).toContainEqual({ path: "$.balance", message: "must be number" });
    expect((error as ResponseValidationError).body).toMatchObject({ balance: "0" });
    expect(requests).toHaveLength(1);
  });

  test('"off" returns the data without a word', async () => {
    const { solvapay } = client(() => json(drifted), { validateResponses: "off" });
    await expect(solvapay.updateProduct("prd_1", {})).resolves.toMatchObject({ balance: "0" });
    expect(silent.warn).not.toHaveBeenCalled();
  });

  test("extra properties from the vendor are accepted", async () => {
    const { solvapay } = client(() => json({ ...SOLVAPAY_PRODUCT, brandNew: { x: 1 } }), { validateResponses: "error" });
    await expect(solvapay.updateProduct("prd_1", {})).resolves.toMatchObject({ brandNew: { x: 1 } });
  });

  test('malformed JSON on a 2xx is, in "error" mode, a ResponseValidationError at $, not retried', async () => {
    const { solvapay, requests } = client(() => new Response("{not json", { headers: { "content-type": "application/json" } }), { validateResponses: "error" });
    const error = await solvapay.updateProduct("prd_1", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues).toEqual([{ path: "$", message: "is not valid JSON" }]);
    expect(requests).toHaveLength(1);
  });
});

describe("the API key never appears in an error", () => {
  const echo = `invalid key ${KEY}`;
  const failures: [string, Handler, ClientOptions][] = [
    ["ApiError", () => json({ error: echo, [KEY]: KEY }, { status: 401, headers: { "x-echo": KEY } }), {}],
    ["InternalServerError", () => new Response(echo, { status: 500, headers: { "www-authenticate": `Bearer ${KEY}` } }), { maxRetries: 0 }],
    ["ConnectionError", (request) => { throw new TypeError(`failed ${request.headers.get("authorization")}`); }, { maxRetries: 0 }],
    ["TimeoutError", hang, { maxRetries: 0, timeoutMs: 10 }],
    ["ResponseValidationError", () => json({ ...SOLVAPAY_PRODUCT, name: 1, description: echo }), { validateResponses: "error" }],
    ["ResponseValidationError (not JSON)", () => new Response(`<html>${echo}`), { validateResponses: "error" }],
    ["ResponseValidationError, key in x-request-id", () => json({ ...SOLVAPAY_PRODUCT, name: 1 }, { headers: { "x-request-id": `req-${KEY}` } }), { validateResponses: "error" }],
    ["ResponseValidationError (not JSON), key in x-request-id", () => new Response("<html>", { headers: { "x-request-id": `req-${KEY}` } }), { validateResponses: "error" }],
  ];
  test.each(failures)("%s: message, properties, toJSON() and util.inspect", async (_, handler, options) => {
    const { solvapay } = client(handler, options);
    const error = await solvapay.updateProduct("prd_1", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProductClientError);
    const productError = error as ProductClientError;
    expect(productError.message).not.toContain(KEY);
    for (const name of Object.getOwnPropertyNames(productError)) {
      expect(inspect((productError as unknown as Record<string, unknown>)[name], { depth: 10 })).not.toContain(KEY);
    }
    expect(JSON.stringify(productError.toJSON())).not.toContain(KEY);
    expect(inspect(productError, { depth: 10, showHidden: true })).not.toContain(KEY);
  });

  test("nor in a validation warning", async () => {
    const warn = vi.fn();
    const { solvapay } = client(() => json({ ...SOLVAPAY_PRODUCT, name: 1 }, { headers: { "x-request-id": `req-${KEY}` } }), { logger: { warn } });
    await solvapay.updateProduct("prd_1", {});
    expect(warn).toHaveBeenCalledTimes(1);
    expect(inspect(warn.mock.calls, { depth: 10 })).toContain("[REDACTED]");
    expect(inspect(warn.mock.calls, { depth: 10 })).not.toContain(KEY);
  });

  test("AbortError", async () => {
    const { solvapay } = client(() => json({}));
    const error = (await solvapay.updateProduct("prd_1", {}, { signal: AbortSignal.abort(KEY) }).catch((e: unknown) => e)) as ProductClientError;
    expect(error).toBeInstanceOf(AbortError);
    expect(`${error.message}${JSON.stringify(error.toJSON())}${inspect(error, { depth: 10, showHidden: true })}`).not.toContain(KEY);
  });

  test("nor in the client object", () => {
    const { solvapay } = client(() => json({}));
    expect(inspect(solvapay, { depth: 10, showHidden: true })).not.toContain(KEY);
  });

  test("a bad request error still says what was wrong", async () => {
    const { solvapay } = client(() => json({ message: "name too long" }, { status: 400 }));
    await expect(solvapay.updateProduct("prd_1", {})).rejects.toThrow(BadRequestError);
    await expect(solvapay.updateProduct("prd_1", {})).rejects.toThrow(/name too long/);
  });
});

/** A small API of our own, to drive the core with methods and statuses the vendor specs do not have. */
function demoApi(overrides: Partial<ApiDescription> = {}): ApiDescription {
  return {
    api: { name: "demo", servers: ["https://demo.example"] },
    auth: { in: "bearer" },
    envVar: "DEMO_API_KEY",
    calls: {
      put: { operation: "putThing", method: "PUT", path: "/things/{id}", pathParams: ["id"], body: "application/json", responses: { "200": "json" } },
      patch: { operation: "patchThing", method: "PATCH", path: "/things/{id}", pathParams: ["id"], body: "application/json", responses: { "200": "json", "204": "empty" } },
      post: { operation: "createThing", method: "POST", path: "/things", pathParams: [], body: "application/json", responses: { "201": "json" } },
      broken: { operation: "broken", method: "PUT", path: "/things/{id}", pathParams: [], body: "application/json", responses: { "200": "json" } },
    },
    loadValidators: () => Promise.resolve({ responseValidators: {} }),
    ...overrides,
  };
}

describe("errors while building the request", () => {
  test("are thrown as they are, not retried as a lost connection", async () => {
    // A call whose path names a parameter its description does not list: the path guard is the first to see it.
    const { fetch, requests } = recordingFetch(() => json({ ok: true }));
    const demo = createApiClient(demoApi(), { apiKey: "k", fetch });
    const error = await demo.call("broken", [], {}, undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/"id"/);
    expect(requests).toHaveLength(0);
  });
});

describe("validators that fail to load", () => {
  const description = demoApi({ loadValidators: () => Promise.reject(new Error("Cannot find module validators.js")) });

  test('"warn" logs it and still returns the applied update', async () => {
    const warn = vi.fn();
    const { fetch } = recordingFetch(() => json({ ok: true }));
    const demo = createApiClient(description, { apiKey: "k", fetch, logger: { warn } });
    await expect(demo.call("put", ["1"], {}, undefined)).resolves.toEqual({ ok: true });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("could not be loaded"), expect.anything());
  });

  test('"error" rejects with the load error', async () => {
    const { fetch } = recordingFetch(() => json({ ok: true }));
    const demo = createApiClient(description, { apiKey: "k", fetch, validateResponses: "error" });
    await expect(demo.call("put", ["1"], {}, undefined)).rejects.toThrow(/Cannot find module/);
  });

  test("a failed load is tried again on the next call", async () => {
    const { fetch } = recordingFetch(() => json({ ok: true }));
    const loadValidators = vi
      .fn<() => Promise<{ responseValidators: Record<string, never> }>>()
      .mockRejectedValueOnce(new Error("EMFILE: too many open files"))
      .mockResolvedValue({ responseValidators: {} });
    const demo = createApiClient({ ...description, loadValidators }, { apiKey: "k", fetch, validateResponses: "error" });
    await expect(demo.call("put", ["1"], {}, undefined)).rejects.toThrow(/EMFILE/);
    await expect(demo.call("put", ["1"], {}, undefined)).resolves.toEqual({ ok: true });
    expect(loadValidators).toHaveBeenCalledTimes(2);
  });
});
