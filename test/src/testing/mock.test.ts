import { afterEach, describe, expect, test } from "vitest";
import { createChatDashClient } from "../../../generated/chatdash.client.js";
import { api as chatdash } from "../../../generated/chatdash.testing.js";
import { ApiError, BadRequestError, ConnectionError, createSolvaPayClient, isSolvaPayApiError, RateLimitError, ResponseValidationError, TimeoutError } from "../../../generated/solvapay.client.js";
import { api as solvapay, createSolvaPayMock } from "../../../generated/solvapay.testing.js";
import type { ClientOptions } from "../../../src/core/options.js";
import { createMock, reply, RequestValidationError, type MockFetch } from "../../../src/testing/index.js";

const silent = { warn: () => {} };
const KEY = "sk_sandbox_test";

function solvapayWith(mock: { fetch: MockFetch }, options: ClientOptions = {}) {
  return createSolvaPayClient({ apiKey: KEY, fetch: mock.fetch, validateResponses: "error", logger: silent, ...options });
}

describe("a request the spec accepts", () => {
  test("is answered with a body that validates, and recorded with its call, path parameters, headers and body", async () => {
    const mock = createMock(solvapay);
    const product = await solvapayWith(mock).updateProduct("prd_1", { name: "Pro", status: "inactive", metadata: { tier: "pro" } });
    // validateResponses "error": the generated validators accepted the synthesised body.
    expect(typeof product.reference).toBe("string");
    expect(mock.calls).toHaveLength(1);
    const [call] = mock.callsOf("updateProduct");
    expect(call?.pathParams).toEqual({ productRef: "prd_1" });
    expect(call?.body).toEqual({ name: "Pro", status: "inactive", metadata: { tier: "pro" } });
    expect(call?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(call?.violations).toEqual([]);
    mock.assertNoViolations();
  });

  test("synthesised bodies are the same for the same seed, and differ with another", async () => {
    const first = await solvapayWith(createMock(solvapay, { seed: 7 })).updateProduct("p", {});
    const again = await solvapayWith(createMock(solvapay, { seed: 7 })).updateProduct("p", {});
    const other = await solvapayWith(createMock(solvapay, { seed: 8 })).updateProduct("p", {});
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  test("the per-vendor factory is the same mock", async () => {
    const mock = createSolvaPayMock();
    await solvapayWith(mock).updatePlan("prd_1", "pln_1", {});
    expect(mock.calls[0]?.call).toBe("updatePlan");
    expect(mock.calls[0]?.pathParams).toEqual({ productRef: "prd_1", planRef: "pln_1" });
  });

  test("works for the other vendor with no code of its own (ChatDash: apiKey header scheme)", async () => {
    const mock = createMock(chatdash);
    const client = createChatDashClient({ apiKey: "cd_key", fetch: mock.fetch, validateResponses: "error", logger: silent });
    await client.updateProduct("acct_1", "prod_1", { data: { name: "Pro" } });
    expect(mock.calls[0]).toMatchObject({ call: "updateProduct", pathParams: { accountId: "acct_1", productId: "prod_1" }, body: { data: { name: "Pro" } } });
    mock.assertNoViolations();
  });
});

describe("a request the vendor would reject", () => {
  const base = "https://api.solvapay.com/v1/sdk/products/prd_1";
  const auth = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };

  test.each([
    ["a path no call has", "https://api.solvapay.com/v1/sdk/nothing", { method: "PUT", headers: auth, body: "{}" }, 404, "$", /is the path of no call/],
    ["a method the path does not take", base, { method: "DELETE", headers: auth }, 405, "$", /method DELETE is not declared/],
    ["no key", base, { method: "PUT", headers: { "content-type": "application/json" }, body: "{}" }, 401, "$.header.authorization", /security scheme bearer/],
    ["another content type", base, { method: "PUT", headers: { ...auth, "content-type": "text/plain" }, body: "{}" }, 415, "$.header['content-type']", /is text\/plain/],
    ["malformed JSON", base, { method: "PUT", headers: auth, body: "{" }, 400, "$.body", /not valid JSON/],
    ["no body where one is required", base, { method: "PUT", headers: auth }, 400, "$.body", /is required/],
    ["a wrong enum value", base, { method: "PUT", headers: auth, body: JSON.stringify({ status: "paused" }) }, 400, "$.body.status", /allowed values/],
    ["a wrong type", base, { method: "PUT", headers: auth, body: JSON.stringify({ name: 5 }) }, 400, "$.body.name", /must be string/],
    ["an unknown query parameter", `${base}?expand=1`, { method: "PUT", headers: auth, body: "{}" }, 400, "$.query.expand", /not a parameter/],
  ] as const)("%s: answered with a 4xx, recorded with the JSON path", async (_, url, init, status, path, message) => {
    const mock = createMock(solvapay);
    const response = await mock.fetch(new Request(url, init));
    expect(response.status).toBe(status);
    expect(mock.violations).toHaveLength(1);
    expect(mock.violations[0]?.status).toBe(status);
    expect(mock.violations[0]?.issues).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(() => mock.assertNoViolations()).toThrow(RequestValidationError);
    expect(() => mock.assertNoViolations()).toThrow(path);
  });

  test("through the client: a BadRequestError at the call, and assertNoViolations names the path", async () => {
    const mock = createMock(solvapay);
    const client = solvapayWith(mock);
    await expect(client.updateProduct("prd_1", { status: "paused" as never })).rejects.toBeInstanceOf(BadRequestError);
    expect(() => mock.assertNoViolations()).toThrow(/updateProduct: PUT https:\/\/api\.solvapay\.com\/v1\/sdk\/products\/prd_1: \$\.body\.status must be equal to one of the allowed values/);
  });
});

describe("handlers", () => {
  test("a body, or { status, body, headers } typed for that status", async () => {
    const mock = createMock(solvapay, {
      handlers: { updateProduct: (request, defaults) => ({ ...defaults.body, reference: request.pathParams.productRef, name: request.body.name ?? "" }) },
    });
    const client = solvapayWith(mock);
    await expect(client.updateProduct("prd_9", { name: "Pro" })).resolves.toMatchObject({ reference: "prd_9", name: "Pro" });
    mock.on("updateProduct", () => ({ status: 404 }));
    const error = await client.updateProduct("prd_9", {}).catch((e: unknown) => e);
    expect(isSolvaPayApiError(error, "updateProduct", 404)).toBe(true);
    mock.on("updateProduct", (_, defaults) => reply(200, { ...defaults.body, status: "active" }, { etag: '"1"' }));
    const { data, headers } = await client.updateProduct("prd_9", {}).withResponse();
    expect(data).toMatchObject({ status: "active" });
    expect(headers.get("etag")).toBe('"1"');
  });
});

describe("scenarios drive the client's own retry, timeout and validation paths", () => {
  let mock = createMock(solvapay);
  afterEach(() => mock.assertNoViolations());

  test("fail the next 2 calls with 503 and Retry-After: 0; the third attempt succeeds", async () => {
    mock = createMock(solvapay).failNext(503, { times: 2, retryAfter: 0 });
    await expect(solvapayWith(mock).updateProduct("p", {})).resolves.toBeDefined();
    expect(mock.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
  });

  test("429 beyond maxRetries is a RateLimitError with retryAfterMs", async () => {
    mock = createMock(solvapay).failNext(429, { times: 3, retryAfter: 0 });
    const error = await solvapayWith(mock).updateProduct("p", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(0);
    expect(mock.calls).toHaveLength(3);
  });

  test("a Retry-After beyond 60 s fails at once", async () => {
    mock = createMock(solvapay).failNext(429, { retryAfter: 120 });
    await expect(solvapayWith(mock).updateProduct("p", {})).rejects.toMatchObject({ status: 429, retryAfterMs: 120_000 });
    expect(mock.calls).toHaveLength(1);
  });

  test("a delay longer than the timeout is a TimeoutError", async () => {
    mock = createMock(solvapay).delayNext(5_000);
    await expect(solvapayWith(mock, { timeoutMs: 50, maxRetries: 0 }).updateProduct("p", {})).rejects.toBeInstanceOf(TimeoutError);
  });

  test("a dropped connection is retried for a PUT; a refused one fails with ConnectionError when retries run out", async () => {
    mock = createMock(solvapay).dropNext();
    await expect(solvapayWith(mock).updateProduct("p", {})).resolves.toBeDefined();
    expect(mock.calls).toHaveLength(2);
    mock = createMock(solvapay).refuseNext();
    await expect(solvapayWith(mock, { maxRetries: 0 }).updateProduct("p", {})).rejects.toBeInstanceOf(ConnectionError);
  });

  test("a malformed or wrong-typed body is a ResponseValidationError under validateResponses: error", async () => {
    mock = createMock(solvapay).malformedNext();
    await expect(solvapayWith(mock).updateProduct("p", {})).rejects.toThrow(/not valid JSON/);
    mock = createMock(solvapay).wrongTypeNext();
    const error = await solvapayWith(mock).updateProduct("p", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues[0]?.path).toMatch(/^\$\./);
  });

  test("a redirect is an ApiError, never followed", async () => {
    mock = createMock(solvapay).redirectNext({ status: 301 });
    await expect(solvapayWith(mock).updateProduct("p", {})).rejects.toMatchObject({ constructor: ApiError, status: 301 });
    expect(mock.calls).toHaveLength(1);
  });

  test("a scenario limited to one call leaves the others alone", async () => {
    mock = createMock(solvapay).failNext(500, { call: "updatePlan", retryAfter: 0 });
    await solvapayWith(mock, { maxRetries: 0 }).updateProduct("p", {});
    await expect(solvapayWith(mock, { maxRetries: 0 }).updatePlan("p", "q", {})).rejects.toMatchObject({ status: 500 });
  });
});
