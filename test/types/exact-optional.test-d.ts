import { describe, expectTypeOf, test } from "vitest";
import { createChatDashClient, createSolvaPayClient, type ClientOptions, type RequestOptions } from "../../src/index.js";

// Compiled twice: by vitest's typecheck with tsconfig.json, and by exact-optional.test.ts under
// exactOptionalPropertyTypes (tsconfig.exact.json), the flag app teams may have on.
declare const env: Record<string, string | undefined>;

describe("options under exactOptionalPropertyTypes", () => {
  test("the README's `apiKey: process.env.X` and other possibly-undefined values are accepted", () => {
    createChatDashClient({ apiKey: env["CHATDASH_API_KEY"] });
    createSolvaPayClient({
      apiKey: env["SOLVAPAY_API_KEY"],
      baseUrl: env["SOLVAPAY_BASE_URL"],
      fetch: undefined,
      timeoutMs: undefined,
      maxRetries: undefined,
      validateResponses: undefined,
      logger: undefined,
    });
    const perCall: RequestOptions = { signal: undefined, timeoutMs: undefined, maxRetries: undefined };
    void createSolvaPayClient().updateProduct("prd_1", {}, perCall);
  });

  test("every option is optional and may be undefined, and nothing else widens", () => {
    expectTypeOf<ClientOptions["apiKey"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ClientOptions["validateResponses"]>().toEqualTypeOf<"error" | "warn" | "off" | undefined>();
    expectTypeOf<RequestOptions["signal"]>().toEqualTypeOf<AbortSignal | undefined>();
    // @ts-expect-error a number is still not an API key
    createSolvaPayClient({ apiKey: 42 });
    // @ts-expect-error nor is null
    createSolvaPayClient({ timeoutMs: null });
  });
});
