import { http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { ConnectionError, createSolvaPayClient } from "../../../generated/solvapay.client.js";
import { api as solvapay } from "../../../generated/solvapay.testing.js";
import { createMock, mswHandlers, RequestValidationError } from "../../../src/testing/index.js";

// MSW intercepts Node's own fetch, so the client runs with no fetch option at all, as in an app under test.
const mock = createMock(solvapay);
const server = setupServer(...mswHandlers(mock, http, "https://api.solvapay.com"));
const client = () => createSolvaPayClient({ apiKey: "sk_sandbox_msw", maxRetries: 0, validateResponses: "error", logger: { warn() {} } });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => mock.reset());
afterAll(() => server.close());

describe("the mock as MSW handlers", () => {
  test("answers a request the spec accepts, with a body the client's validators accept, and records it", async () => {
    const product = await client().updateProduct("prd_1", { name: "Pro" });
    expect(typeof product.reference).toBe("string");
    expect(mock.callsOf("updateProduct")[0]?.body).toEqual({ name: "Pro" });
    mock.assertNoViolations();
  });

  test("checks requests the same way: a wrong enum value is a violation and a 400", async () => {
    const error = await client()
      .updateProduct("prd_1", { status: "archived" as "active" })
      .catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(400);
    expect(() => mock.assertNoViolations()).toThrow(RequestValidationError);
    expect(mock.violations[0]?.issues.map((i) => i.path)).toContain("$.body.status");
  });

  test("scenarios drive the client through MSW too: a dropped connection is a ConnectionError", async () => {
    mock.dropNext();
    await expect(client().updateProduct("prd_1", {})).rejects.toBeInstanceOf(ConnectionError);
  });
});
