import { describe, expectTypeOf, test } from "vitest";
import type { components, operations } from "../../generated/solvapay.js";
import type { operations as chatdashOperations } from "../../generated/chatdash.js";
import {
  ApiError,
  createChatDashClient,
  createSolvaPayClient,
  isChatDashApiError,
  isSolvaPayApiError,
  type SolvaPayUpdateProductOptions,
} from "../../src/index.js";

const solvapay = createSolvaPayClient({ apiKey: "sk_sandbox_x" });
const chatdash = createChatDashClient({ apiKey: "k" });

describe("SolvaPay", () => {
  test("updateProduct resolves to the spec's SdkProductResponse", () => {
    expectTypeOf(solvapay.updateProduct("prd_1", { name: "n", status: "inactive" })).resolves.toEqualTypeOf<
      components["schemas"]["SdkProductResponse"]
    >();
    expectTypeOf(solvapay.updateProduct).parameter(1).toEqualTypeOf<components["schemas"]["UpdateProductRequest"]>();
    expectTypeOf(solvapay.updateProduct).parameter(2).toEqualTypeOf<SolvaPayUpdateProductOptions | undefined>();
  });

  test("a wrong status, an unknown field and a missing path parameter do not compile", () => {
    // @ts-expect-error "archived" is not in the status enum
    void solvapay.updateProduct("prd_1", { status: "archived" });
    // @ts-expect-error `nmae` is not a field of UpdateProductRequest
    void solvapay.updateProduct("prd_1", { nmae: "n" });
    // @ts-expect-error the productRef is missing
    void solvapay.updateProduct({ name: "n" });
    // @ts-expect-error the planRef is missing
    void solvapay.updatePlan("prd_1", {});
    // @ts-expect-error path parameters are strings
    void solvapay.updateProduct(42, {});
  });

  test("updatePlan resolves to undefined: the spec declares no body for its 200", () => {
    expectTypeOf(solvapay.updatePlan("prd_1", "pln_1", {})).resolves.toEqualTypeOf<undefined>();
    expectTypeOf(solvapay.updatePlan).parameter(2).toEqualTypeOf<components["schemas"]["UpdatePlanRequest"]>();
  });

  test("raw is openapi-fetch typed from the spec", async () => {
    const { data } = await solvapay.raw.GET("/v1/sdk/products/{productRef}", { params: { path: { productRef: "p" } } });
    expectTypeOf(data).toEqualTypeOf<components["schemas"]["SdkProductResponse"] | undefined>();
    // @ts-expect-error the path parameter is required
    void solvapay.raw.GET("/v1/sdk/products/{productRef}", { params: { path: {} } });
  });

  test("isSolvaPayApiError types the body from the spec where it declares one", () => {
    const error: unknown = undefined;
    if (isSolvaPayApiError(error, "updateProduct", 404)) {
      expectTypeOf(error.status).toEqualTypeOf<404>();
      // The spec declares the 404 without a body: nothing, or the text of an answer anyway.
      expectTypeOf(error.body).toEqualTypeOf<string | undefined>();
    }
    // @ts-expect-error calls are named as the client names them, not by operationId
    void isSolvaPayApiError(error, "ProductSdkController_updateProduct", 404);
    expectTypeOf<operations["ProductSdkController_updateProduct"]["responses"]>().toHaveProperty(404);
  });
});

describe("ChatDash", () => {
  test("updateProduct takes the path parameters, then the body, and resolves to the spec's 200", () => {
    const result = chatdash.updateProduct("a", "p", { data: { name: "n", description: "d" } });
    expectTypeOf(result).resolves.toEqualTypeOf<
      chatdashOperations["updateProduct"]["responses"][200]["content"]["application/json"]
    >();
    type Product = NonNullable<Awaited<typeof result>["product"]>;
    expectTypeOf<NonNullable<Product["pricing"]>["amount"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Product["description"]>().toEqualTypeOf<string | null | undefined>();
  });

  test("a missing path parameter and unknown fields do not compile", () => {
    // @ts-expect-error productId is missing
    void chatdash.updateProduct("a", { data: {} });
    // @ts-expect-error `title` is not a field of data
    void chatdash.updateProduct("a", "p", { data: { title: "t" } });
    // @ts-expect-error `name` belongs inside data
    void chatdash.updateProduct("a", "p", { name: "n" });
  });

  test("isChatDashApiError types a declared 500 body", () => {
    const error: unknown = undefined;
    if (isChatDashApiError(error, "updateProduct", 500)) {
      // The declared JSON, or the text of an answer that was not JSON, or nothing.
      expectTypeOf(error.body).toEqualTypeOf<{ error?: string } | string | undefined>();
      expectTypeOf(error).toMatchTypeOf<ApiError>();
    }
  });
});

test("client options are checked", () => {
  // @ts-expect-error not a validation mode
  createSolvaPayClient({ validateResponses: "strict" });
  // @ts-expect-error unknown option
  createChatDashClient({ apiKey: "k", retries: 3 });
});

test("fetch takes anything shaped like fetch: one that reads (input, init), only its input, or a Request", () => {
  createSolvaPayClient({ apiKey: "k", fetch: globalThis.fetch });
  createSolvaPayClient({ apiKey: "k", fetch: (input, init) => globalThis.fetch(input, init) });
  createSolvaPayClient({ apiKey: "k", fetch: (input) => globalThis.fetch(input) });
  // @ts-expect-error a fetch must answer with a Response
  createSolvaPayClient({ apiKey: "k", fetch: (input: Request) => input });
});

test("withResponse types the status, the body and the headers", async () => {
  const full = await solvapay.updateProduct("prd_1", {}).withResponse();
  expectTypeOf(full.status).toEqualTypeOf<200>();
  expectTypeOf(full.data).toEqualTypeOf<components["schemas"]["SdkProductResponse"]>();
  expectTypeOf(full.headers).toEqualTypeOf<Headers>();
});

test("options take undefined for every optional field (exactOptionalPropertyTypes)", () => {
  createSolvaPayClient({ apiKey: process.env.SOLVAPAY_API_KEY, baseUrl: undefined, timeoutMs: undefined });
  void solvapay.updateProduct("prd_1", {}, { signal: undefined, idempotencyKey: undefined });
});
