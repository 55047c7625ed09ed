import { afterEach, describe, expect, test, vi } from "vitest";
import { createApiClient, type Answer, type ApiDescription } from "../../../src/core/client.js";
import { AbortError, ApiError, ConnectionError, InternalServerError, RateLimitError, ResponseValidationError, TimeoutError } from "../../../src/core/errors.js";
import type { ClientOptions } from "../../../src/core/options.js";
import { hang, json, recordingFetch, type Handler } from "../../helpers/fetch.js";

// The rules that keep a write from being lost or applied twice, on a small API of the tests' own.
const demo: ApiDescription = {
  api: { name: "demo", servers: ["https://demo.example"] },
  auth: { in: "bearer" },
  envVar: "DEMO_API_KEY",
  idempotency: { header: "Idempotency-Key", generate: false },
  calls: {
    put: { operation: "putThing", method: "PUT", path: "/things/{id}", pathParams: ["id"], body: "application/json", responses: { "200": "json" } },
    patch: { operation: "patchThing", method: "PATCH", path: "/things/{id}", pathParams: ["id"], body: "application/json", responses: { "200": "json", "204": "empty" } },
    post: { operation: "createThing", method: "POST", path: "/things", pathParams: [], body: "application/json", responses: { "201": "json" } },
  },
  loadValidators: () => Promise.resolve({ responseValidators: {} }),
};
const silent = { warn: vi.fn() };
const now = { "retry-after": "0" };

function client(handler: Handler, options: ClientOptions = {}, description = demo) {
  const { fetch, requests } = recordingFetch(handler);
  return { api: createApiClient(description, { apiKey: "k_1", fetch, logger: silent, ...options }), requests };
}

afterEach(() => {
  silent.warn.mockReset();
  vi.unstubAllGlobals();
});

describe("retries by method", () => {
  test.each(["patch", "post"])("a %s that timed out is not sent again without an idempotency key", async (call) => {
    const { api, requests } = client((request) => hang(request), { timeoutMs: 20 });
    await expect(api.call(call, ["1"], {}, undefined)).rejects.toBeInstanceOf(TimeoutError);
    expect(requests).toHaveLength(1);
  });

  test.each([500, 503, 408])("a PATCH answered %i is not sent again without an idempotency key", async (status) => {
    const { api, requests } = client(() => json({}, { status, headers: now }));
    await expect(api.call("patch", ["1"], {}, undefined)).rejects.toBeInstanceOf(ApiError);
    expect(requests).toHaveLength(1);
  });

  test("a PUT answered 503 is sent again: it is idempotent", async () => {
    const { api, requests } = client((_, n) => (n === 1 ? json({}, { status: 503, headers: now }) : json({ ok: 1 })));
    await expect(api.call("put", ["1"], {}, undefined)).resolves.toEqual({ ok: 1 });
    expect(requests).toHaveLength(2);
  });

  test("a PATCH with an idempotency key is sent again, with the same key every time", async () => {
    const { api, requests } = client((_, n) => (n < 3 ? json({}, { status: 503, headers: now }) : json({ ok: 1 })));
    await expect(api.call("patch", ["1"], {}, { idempotencyKey: "order-42" })).resolves.toEqual({ ok: 1 });
    expect(requests.map((r) => r.headers.get("idempotency-key"))).toEqual(["order-42", "order-42", "order-42"]);
  });

  test("an API set to generate keys gives each POST one UUID, reused on its retries only", async () => {
    const { api, requests } = client((_, n) => (n === 1 ? json({}, { status: 500, headers: now }) : json({ id: n }, { status: 201 })), {}, {
      ...demo,
      idempotency: { header: "X-Idempotency", generate: true },
    });
    await api.call("post", [], {}, undefined);
    await api.call("post", [], {}, undefined);
    const keys = requests.map((r) => r.headers.get("x-idempotency"));
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  test("a 429 is sent again for any method: the server refused it unprocessed", async () => {
    const { api, requests } = client((_, n) => (n === 1 ? json({}, { status: 429, headers: now }) : json({ id: 1 }, { status: 201 })));
    await expect(api.call("post", [], {}, undefined)).resolves.toEqual({ id: 1 });
    expect(requests).toHaveLength(2);
  });

  test("a 409 to a write is a conflict the same request meets again: not retried", async () => {
    const { api, requests } = client(() => json({ error: "version conflict" }, { status: 409, headers: now }));
    await expect(api.call("put", ["1"], {}, { idempotencyKey: "x" })).rejects.toMatchObject({ status: 409 });
    expect(requests).toHaveLength(1);
  });

  test("a connection refused before anything was sent is retried for a POST", async () => {
    let attempts = 0;
    const fetch = async () => {
      attempts++;
      if (attempts === 1) throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }) });
      return json({ id: 1 }, { status: 201 });
    };
    const api = createApiClient(demo, { apiKey: "k_1", fetch });
    await expect(api.call("post", [], {}, { maxRetries: 1 })).resolves.toEqual({ id: 1 });
    expect(attempts).toBe(2);
  });

  test("a connection lost after sending is not retried for a POST", async () => {
    let attempts = 0;
    const fetch = async () => {
      attempts++;
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
    };
    const api = createApiClient(demo, { apiKey: "k_1", fetch });
    await expect(api.call("post", [], {}, undefined)).rejects.toBeInstanceOf(ConnectionError);
    expect(attempts).toBe(1);
  });
});

describe("idempotency keys as given", () => {
  test.each(["", "   "])("a blank idempotencyKey (%j) is refused before anything is sent: it would let a POST be sent twice", async (key) => {
    const { api, requests } = client(() => json({}, { status: 503, headers: now }));
    await expect(api.call("post", [], {}, { idempotencyKey: key })).rejects.toThrow(/idempotencyKey must not be empty or blank/);
    expect(requests).toHaveLength(0);
  });

  test("a key the caller puts in the headers is the key: not replaced by a generated one, and kept on retries", async () => {
    const { api, requests } = client((_, n) => (n === 1 ? json({}, { status: 500, headers: now }) : json({ id: n }, { status: 201 })), {}, {
      ...demo,
      idempotency: { header: "Idempotency-Key", generate: true },
    });
    await api.call("post", [], {}, { headers: { "idempotency-key": "order-42" } });
    expect(requests.map((r) => r.headers.get("idempotency-key"))).toEqual(["order-42", "order-42"]);
    await expect(api.call("post", [], {}, { headers: { "Idempotency-Key": "a" }, idempotencyKey: "b" })).rejects.toThrow(/Two different idempotency keys/);
    // Two spellings of the header with two keys: neither wins silently.
    await expect(api.call("post", [], {}, { headers: { "idempotency-key": "a", "Idempotency-Key": "b" } })).rejects.toThrow(/Two different idempotency keys/);
    expect(requests).toHaveLength(2);
  });

  test("on an API that declares no idempotency keys, such a header is only a header: a POST answered 503 is not sent again", async () => {
    const { idempotency: _, ...undeclared } = demo;
    const { api, requests } = client(() => json({}, { status: 503, headers: now }), {}, undeclared);
    await expect(api.call("post", [], {}, { headers: { "Idempotency-Key": "forwarded" } })).rejects.toMatchObject({ status: 503 });
    expect(requests.map((r) => r.headers.get("idempotency-key"))).toEqual(["forwarded"]);
  });
});

describe("a write the vendor may have applied", () => {
  test.each([
    ["If-Match", '"v1"'],
    ["if-unmodified-since", "Tue, 24 Nov 2026 10:00:00 GMT"],
  ])("a PUT with %s is not sent again after a 503: an applied first attempt would fail the precondition (412)", async (header, value) => {
    const { api, requests } = client(() => json({}, { status: 503, headers: now }));
    await expect(api.call("put", ["1"], {}, { headers: { [header]: value } })).rejects.toMatchObject({ status: 503 });
    expect(requests).toHaveLength(1);
  });

  test("a conditional PUT with an idempotency key is sent again", async () => {
    const { api, requests } = client((_, n) => (n === 1 ? json({}, { status: 503, headers: now }) : json({ ok: 1 })));
    await expect(api.call("put", ["1"], {}, { headers: { "If-Match": '"v1"' }, idempotencyKey: "k" })).resolves.toEqual({ ok: 1 });
    expect(requests).toHaveLength(2);
  });

  /** A 200 whose body breaks off after its first bytes, as when the connection drops. */
  const cut = () =>
    new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"ok":'));
          controller.error(new TypeError("terminated"));
        },
      }),
      { status: 200, headers: { "content-type": "application/json", "x-request-id": "req_7" } },
    );

  test('a 200 whose body is cut off is not sent again, and with "error" is a ResponseValidationError with its status', async () => {
    const { api, requests } = client(cut, { validateResponses: "error", maxRetries: 3 });
    const error = await api.call("put", ["1"], {}, undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ status: 200, requestId: "req_7" });
    expect((error as Error).message).toMatch(/response 200 did not match the spec: \$ was cut off before its end \(reading it failed: terminated\)/);
    expect(requests).toHaveLength(1);
  });

  test("your abort while a 200's body is read is answered too: the write was made", async () => {
    const controller = new AbortController();
    const stalled = () =>
      new Response(
        new ReadableStream({
          start(stream) {
            stream.enqueue(new TextEncoder().encode('{"ok":'));
            setTimeout(() => controller.abort(new Error("user left")), 20);
          },
        }),
        { status: 200, headers: { "content-type": "application/json" } },
      );
    const { api, requests } = client(stalled, { validateResponses: "error" });
    const error = await api.call("put", ["1"], {}, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message).toMatch(/response 200 did not match the spec: \$ was cut off before its end \(your signal aborted the call\)/);
    expect(requests).toHaveLength(1);
  });

  test("a status other than 2xx whose body stalls keeps its status, and the rules for it: a 400 is not sent again, a 429 is", async () => {
    const stalledWith = (status: number) => () =>
      new Response(new ReadableStream({ start: (stream) => stream.enqueue(new TextEncoder().encode("{")) }), { status, headers: { "content-type": "application/json", ...now } });
    const bad = client(stalledWith(400), { timeoutMs: 50, maxRetries: 2 });
    await expect(bad.api.call("put", ["1"], {}, undefined)).rejects.toMatchObject({ status: 400 });
    expect(bad.requests).toHaveLength(1);
    const busy = client(stalledWith(429), { timeoutMs: 50, maxRetries: 1 });
    await expect(busy.api.call("post", [], {}, undefined)).rejects.toBeInstanceOf(RateLimitError);
    expect(busy.requests).toHaveLength(2);
  });

  test('with "warn" the cut 200 is logged and resolves without data; with "off" it resolves without a word', async () => {
    const warned = client(cut, { maxRetries: 3 });
    await expect(warned.api.call("put", ["1"], {}, undefined)).resolves.toBeUndefined();
    expect(silent.warn).toHaveBeenCalledWith(expect.stringMatching(/cut off before its end/), expect.anything());
    expect(warned.requests).toHaveLength(1);
    silent.warn.mockReset();
    const quiet = client(cut, { validateResponses: "off", maxRetries: 3 });
    await expect(quiet.api.call("put", ["1"], {}, undefined)).resolves.toBeUndefined();
    expect(silent.warn).not.toHaveBeenCalled();
    expect(quiet.requests).toHaveLength(1);
  });
});

describe("Retry-After", () => {
  test("a wait longer than the cap is not shortened: the error comes at once, with the wait", async () => {
    const { api, requests } = client(() => json({}, { status: 429, headers: { "retry-after": "3600" } }));
    const started = Date.now();
    const error = await api.call("put", ["1"], {}, undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(3_600_000);
    expect(requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test("a wait within the cap is kept", async () => {
    const { api, requests } = client((_, n) => (n === 1 ? json({}, { status: 503, headers: { "retry-after-ms": "150" } }) : json({ ok: 1 })));
    const started = Date.now();
    await api.call("put", ["1"], {}, undefined);
    expect(requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe("statuses and bodies the spec does not declare", () => {
  const undeclared: [string, () => Response, string][] = [
    ["a 202 (undeclared status)", () => json({ queued: true }, { status: 202 }), "status 202"],
    ["a 200 text/plain", () => new Response("OK", { status: 200, headers: { "content-type": "text/plain" } }), "content type text/plain"],
    ["a 200 with broken JSON", () => new Response("{", { status: 200, headers: { "content-type": "application/json" } }), "not valid JSON"],
  ];

  test.each(undeclared)('"error" raises ResponseValidationError naming what is wrong for %s', async (_, answer, said) => {
    const { api, requests } = client(answer, { validateResponses: "error" });
    const error = await api.call("put", ["1"], {}, undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message).toContain(said);
    expect(requests).toHaveLength(1);
  });

  test.each(undeclared)('"warn" logs %s and returns what came', async (_, answer, said) => {
    const { api } = client(answer);
    const result = await api.call("put", ["1"], {}, undefined);
    expect(result).toBeDefined();
    expect(silent.warn.mock.calls[0]?.[0]).toContain(said);
  });

  test('"off" returns the text of a text/plain 200 without a word', async () => {
    const { api } = client(() => new Response("OK", { status: 200, headers: { "content-type": "text/plain" } }), { validateResponses: "off" });
    await expect(api.call("put", ["1"], {}, undefined)).resolves.toBe("OK");
    expect(silent.warn).not.toHaveBeenCalled();
  });

  test("a declared 204 resolves to undefined, and withResponse gives its status and headers", async () => {
    const { api } = client(() => new Response(null, { status: 204, headers: { etag: '"v2"' } }), { validateResponses: "error" });
    const full = await api.call<unknown, Answer>("patch", ["1"], {}, undefined).withResponse();
    expect(full.status).toBe(204);
    expect(full.data).toBeUndefined();
    expect(full.headers.get("etag")).toBe('"v2"');
    await expect(api.call("patch", ["1"], {}, undefined)).resolves.toBeUndefined();
  });
});

describe("error bodies", () => {
  test("a 500 of 20,000 nested arrays is an InternalServerError, not a stack overflow", async () => {
    const deep = "[".repeat(20_000) + "]".repeat(20_000);
    const { api } = client(() => new Response(deep, { status: 500, headers: { "content-type": "application/json" } }), { maxRetries: 0 });
    await expect(api.call("put", ["1"], {}, undefined)).rejects.toBeInstanceOf(InternalServerError);
  });

  test("at most 64 KiB of an endless error body is read, and the stream is cancelled", async () => {
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 16_384;
        controller.enqueue(new TextEncoder().encode("x".repeat(16_384)));
      },
      cancel() {
        cancelled = true;
      },
    });
    const { api } = client(() => new Response(endless, { status: 400 }));
    const error = (await api.call("put", ["1"], {}, undefined).catch((e: unknown) => e)) as ApiError<string>;
    expect(error.status).toBe(400);
    expect(error.body.length).toBe(64 * 1024);
    expect(pulled).toBeLessThanOrEqual(128 * 1024);
    expect(cancelled).toBe(true);
  });

  test("invalid UTF-8 in an error body still gives the ApiError, with replacement characters", async () => {
    const { api } = client(() => new Response(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), { status: 404 }));
    const error = (await api.call("put", ["1"], {}, undefined).catch((e: unknown) => e)) as ApiError<string>;
    expect(error.status).toBe(404);
    expect(error.body).toBe("{\uFFFD\uFFFD}");
  });
});

describe("aborts", () => {
  test("AbortError's cause is the caller's reason", async () => {
    const controller = new AbortController();
    const reason = new Error("user left the page");
    const { api } = client((request) => hang(request));
    const pending = api.call("put", ["1"], {}, { signal: controller.signal });
    controller.abort(reason);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toBe(reason);
  });

  test("a reason that quotes the key in an encoded form is redacted like one that quotes it plainly", async () => {
    const key = "k:1+/=";
    const controller = new AbortController();
    const { fetch } = recordingFetch((request) => hang(request));
    const api = createApiClient(demo, { apiKey: key, fetch, logger: silent });
    const pending = api.call("put", ["1"], {}, { signal: controller.signal });
    controller.abort(new Error(`gave up on ?api_key=${encodeURIComponent(key)} and Basic ${btoa(key)}`));
    const error = (await pending.catch((e: unknown) => e)) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    const shown = `${(error.cause as Error).message} ${(error.cause as Error).stack}`;
    expect(shown).toContain("[REDACTED]");
    for (const form of [encodeURIComponent(key), btoa(key)]) expect(shown).not.toContain(form);
  });
});

describe("secrets named by the spec", () => {
  test("writeOnly fields and security headers are redacted in error bodies and headers", async () => {
    const { api } = client(() => json({ error: "bad", password: "hunter2", nested: { password: "x" } }, { status: 400, headers: { "x-api-key": "echoed" } }), {}, {
      ...demo,
      secrets: { headers: ["x-api-key"], fields: ["password"] },
    });
    const error = (await api.call("put", ["1"], {}, undefined).catch((e: unknown) => e)) as ApiError<Record<string, unknown>>;
    expect(JSON.stringify(error.body)).not.toContain("hunter2");
    expect(error.body.nested).toEqual({ password: "[REDACTED]" });
    expect(error.headers["x-api-key"]).toBe("[REDACTED]");
  });
});

describe("in a browser", () => {
  function asBrowser() {
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    const versions = process.versions;
    Object.defineProperty(process, "versions", { value: { ...versions, node: undefined }, configurable: true });
    return () => Object.defineProperty(process, "versions", { value: versions, configurable: true });
  }

  test("creating a client throws unless dangerouslyAllowBrowser is set", () => {
    const restore = asBrowser();
    try {
      expect(() => createApiClient(demo, { apiKey: "k_1" })).toThrow(/dangerouslyAllowBrowser/);
      expect(() => createApiClient(demo, { apiKey: "k_1", dangerouslyAllowBrowser: true })).not.toThrow();
    } finally {
      restore();
    }
  });

  test("a redirect (status 0, opaque) is reported as a redirect", async () => {
    const opaque = Response.error();
    Object.defineProperty(opaque, "ok", { value: false });
    const { api } = client(() => opaque);
    await expect(api.call("put", ["1"], {}, undefined)).rejects.toThrow(/answered with a redirect/);
  });
});
