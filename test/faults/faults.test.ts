import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import {
  AbortError,
  ApiError,
  ConnectionError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  createSolvaPayClient,
  type ClientOptions,
} from "../../src/index.js";
import { SOLVAPAY_PRODUCT } from "../helpers/fetch.js";
import { sendJson, startFaultServer, type FaultServer } from "../helpers/fault-server.js";

let server: FaultServer;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  server = await startFaultServer();
});

afterAll(async () => {
  // Let any stray rejection surface before asserting silence.
  await new Promise((resolve) => setTimeout(resolve, 50));
  process.off("unhandledRejection", onUnhandled);
  await server.close();
  expect(server.openConnections()).toBe(0);
  expect(unhandled).toEqual([]);
});

function solvapay(options: ClientOptions = {}) {
  return createSolvaPayClient({ apiKey: "sk_sandbox_faults", baseUrl: server.baseUrl, logger: { warn() {} }, ...options });
}

describe("faults", () => {
  test("a reset connection is retried, then fails as ConnectionError", async () => {
    server.reset((request) => request.socket.destroy());
    const error = await solvapay({ maxRetries: 1 }).updateProduct("prd_1", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(server.seen).toEqual(["PUT /v1/sdk/products/prd_1", "PUT /v1/sdk/products/prd_1"]);
  });

  test("503 then 200 resolves after two attempts", async () => {
    server.reset((_, response, attempt) =>
      attempt === 1 ? sendJson(response, 503, { error: "unavailable" }, { "retry-after": "0" }) : sendJson(response, 200, SOLVAPAY_PRODUCT),
    );
    await expect(solvapay().updateProduct("prd_1", { name: "x" })).resolves.toEqual(SOLVAPAY_PRODUCT);
    expect(server.seen).toHaveLength(2);
  });

  test("429 with Retry-After is retried until maxRetries, then RateLimitError", async () => {
    server.reset((_, response) => sendJson(response, 429, { error: "slow down" }, { "retry-after": "0", "x-request-id": "req_429" }));
    const error = await solvapay().updateProduct("prd_1", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, requestId: "req_429", body: { error: "slow down" } });
    expect(server.seen).toHaveLength(3);
  });

  test("429 with an HTTP-date Retry-After in the past retries at once", async () => {
    const past = new Date(Date.now() - 60_000).toUTCString();
    server.reset((_, response, attempt) =>
      attempt === 1 ? sendJson(response, 429, {}, { "retry-after": past }) : sendJson(response, 200, SOLVAPAY_PRODUCT),
    );
    await expect(solvapay().updateProduct("prd_1", {})).resolves.toEqual(SOLVAPAY_PRODUCT);
    expect(server.seen).toHaveLength(2);
  });

  test("a response that never arrives times out per attempt and ends as TimeoutError", async () => {
    server.reset(() => {});
    const error = await solvapay({ timeoutMs: 100, maxRetries: 1 }).updateProduct("prd_1", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.seen).toHaveLength(2);
  });

  test("a 200 whose body stops halfway is answered at the timeout, not sent again: the vendor applied the write", async () => {
    server.reset((_, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      response.write('{"balance":');
    });
    const error = await solvapay({ timeoutMs: 100, maxRetries: 2, validateResponses: "error" }).updateProduct("prd_1", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ status: 200 });
    expect((error as Error).message).toMatch(/was cut off before its end \(the timeout of 100 ms passed\)/);
    expect(server.seen).toHaveLength(1);
  });

  test("a 200 whose connection drops halfway through its body is answered, not sent again", async () => {
    server.reset((request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      response.write('{"balance":', () => request.socket.destroy());
    });
    const warnings: string[] = [];
    const data = await solvapay({ maxRetries: 2, logger: { warn: (message: string) => warnings.push(message) } }).updateProduct("prd_1", {});
    expect(data).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/response 200 did not match the spec: \$ was cut off before its end \(reading it failed: terminated/)]);
    expect(server.seen).toHaveLength(1);
  });

  test('malformed JSON is, with "error", a ResponseValidationError and is not retried', async () => {
    server.reset((_, response) => response.writeHead(200, { "content-type": "application/json" }).end('{"balance": 0,'));
    const error = await solvapay({ validateResponses: "error" }).updateProduct("prd_1", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).body).toBe('{"balance": 0,');
    expect(server.seen).toHaveLength(1);
  });

  test('a wrong type is an error with "error" and a warning with "warn"', async () => {
    server.reset((_, response) => sendJson(response, 200, { ...SOLVAPAY_PRODUCT, isMcpPay: "no" }));
    const error = await solvapay({ validateResponses: "error" }).updateProduct("prd_1", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues).toEqual([{ path: "$.isMcpPay", message: "must be boolean" }]);

    const warn = vi.fn();
    await expect(solvapay({ logger: { warn } }).updateProduct("prd_1", {})).resolves.toMatchObject({ isMcpPay: "no" });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("$.isMcpPay"), expect.anything());
    expect(server.seen).toHaveLength(2);
  });

  test("a redirect is returned as an error, not followed with the key", async () => {
    server.reset((_, response) => response.writeHead(307, { location: "/elsewhere" }).end());
    const error = await solvapay().updateProduct("prd_1", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(307);
    expect(server.seen).toEqual(["PUT /v1/sdk/products/prd_1"]);
  });

  test("the caller's abort stops a hanging request at once", async () => {
    server.reset(() => {});
    const controller = new AbortController();
    const pending = solvapay().updateProduct("prd_1", {}, { signal: controller.signal });
    await vi.waitFor(() => expect(server.seen).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.seen).toHaveLength(1);
  });
});
