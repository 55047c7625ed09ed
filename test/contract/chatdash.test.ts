import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createChatDashClient, type ChatDashUpdateProductInput } from "../../src/index.js";
import { observingFetch, startPrism, type Prism } from "../helpers/prism.js";

const KEY = "agency_contract_key";
let prism: Prism;

beforeAll(async () => {
  prism = await startPrism("chatdash");
});
afterAll(async () => {
  await prism?.stop();
});

describe("ChatDash against Prism", () => {
  const inputs: [string, ChatDashUpdateProductInput][] = [
    ["name and description", { accountId: "acct_1", productId: "prod_1", data: { name: "Starter", description: "Updated" } }],
    ["only the path", { accountId: "acct_1", productId: "prod_1" }],
    ["empty data", { accountId: "acct_1", productId: "prod 1", data: {} }],
  ];
  test.each(inputs)("updateProduct with %s passes request validation and returns what Prism returns", async (_, input) => {
    const observed = observingFetch();
    const chatdash = createChatDashClient({ apiKey: KEY, baseUrl: prism.baseUrl, fetch: observed.fetch, validateResponses: "error", maxRetries: 0 });
    const result = await chatdash.updateProduct(input);
    expect(observed.responses).toHaveLength(1);
    expect(observed.responses[0]?.status).toBe(200);
    expect(observed.responses[0]?.headers.get("sl-violations")).toBeNull();

    const { accountId, productId, ...body } = input;
    const response = await fetch(`${prism.baseUrl}/stripe/connect/accounts/${encodeURIComponent(accountId)}/products/${encodeURIComponent(productId)}`, {
      method: "PUT",
      headers: { authorization: KEY, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(result).toEqual(await response.json());
    expect(result.product?.pricing?.amount).toBeTypeOf("string");
  });

  test("Prism refuses a request without the agency key, so the check above can fail", async () => {
    const response = await fetch(`${prism.baseUrl}/stripe/connect/accounts/a/products/p`, { method: "PUT", headers: { "content-type": "application/json" }, body: "{}" });
    await response.arrayBuffer();
    expect(response.status).toBe(401);
  });
});
