import { describe, expectTypeOf, test } from "vitest";
import type { components, operations } from "../../generated/solvapay.js";
import type { operations as chatdashOperations } from "../../generated/chatdash.js";
import {
  ApiError,
  createChatDashClient,
  createSolvaPayClient,
  isChatDashApiError,
  isSolvaPayApiError,
  type RequestOptions,
} from "../../src/index.js";

const solvapay = createSolvaPayClient({ apiKey: "sk_sandbox_x" });
const chatdash = createChatDashClient({ apiKey: "k" });

describe("SolvaPay", () => {
  test("updateProduct resolves to the spec's SdkProductResponse", () => {
    expectTypeOf(solvapay.updateProduct("prd_1", { name: "n", status: "inactive" })).resolves.toEqualTypeOf<
      components["schemas"]["SdkProductResponse"]
    >();
    expectTypeOf(solvapay.updateProduct).parameter(1).toEqualTypeOf<components["schemas"]["UpdateProductRequest"]>();
    expectTypeOf(solvapay.updateProduct).parameter(2).toEqualTypeOf<RequestOptions | undefined>();
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

  test("updatePlan resolves to unknown: the spec declares no body for its 200", () => {
    expectTypeOf(solvapay.updatePlan("prd_1", "pln_1", {})).resolves.toBeUnknown();
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
    if (isSolvaPayApiError(error, "ProductSdkController_updateProduct", 404)) {
      expectTypeOf(error.status).toEqualTypeOf<404>();
      expectTypeOf(error.body).toBeUnknown();
    }
    // @ts-expect-error not an operation of SolvaPay
    void isSolvaPayApiError(error, "updateProduct", 404);
    expectTypeOf<operations["ProductSdkController_updateProduct"]["responses"]>().toHaveProperty(404);
  });
});

describe("ChatDash", () => {
  test("updateProduct takes the path parameters and the body in one object and resolves to the spec's 200", () => {
    const result = chatdash.updateProduct({ accountId: "a", productId: "p", data: { name: "n", description: "d" } });
    expectTypeOf(result).resolves.toEqualTypeOf<
      chatdashOperations["updateProduct"]["responses"][200]["content"]["application/json"]
    >();
    type Product = NonNullable<Awaited<typeof result>["product"]>;
    expectTypeOf<NonNullable<Product["pricing"]>["amount"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Product["description"]>().toEqualTypeOf<string | null | undefined>();
  });

  test("a missing path parameter and unknown fields do not compile", () => {
    // @ts-expect-error accountId is missing
    void chatdash.updateProduct({ productId: "p", data: {} });
    // @ts-expect-error `title` is not a field of data
    void chatdash.updateProduct({ accountId: "a", productId: "p", data: { title: "t" } });
    // @ts-expect-error `name` belongs inside data
    void chatdash.updateProduct({ accountId: "a", productId: "p", name: "n" });
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

test("fetch takes anything shaped like fetch, and nothing that only takes a Request", () => {
  createSolvaPayClient({ apiKey: "k", fetch: globalThis.fetch });
  createSolvaPayClient({ apiKey: "k", fetch: (input, init) => globalThis.fetch(input, init) });
  // @ts-expect-error facade calls pass (url, init): a fetch that reads only a Request would get a string
  createSolvaPayClient({ apiKey: "k", fetch: (request: Request) => globalThis.fetch(request) });
});
