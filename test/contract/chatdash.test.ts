import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createChatDashClient, type ChatDashUpdateProductBody } from "../../src/index.js";
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
  const inputs: [string, string, string, ChatDashUpdateProductBody | undefined][] = [
    ["name and description", "acct_1", "prod_1", { data: { name: "Starter", description: "Updated" } }],
    ["only the path", "acct_1", "prod_1", undefined],
    ["empty data", "acct_1", "prod 1", { data: {} }],
  ];
  test.each(inputs)("updateProduct with %s passes request validation and returns what Prism returns", async (_, accountId, productId, body) => {
    const observed = observingFetch();
    const chatdash = createChatDashClient({ apiKey: KEY, baseUrl: prism.baseUrl, fetch: observed.fetch, validateResponses: "error", maxRetries: 0 });
    const result = await chatdash.updateProduct(accountId, productId, body);
    expect(observed.responses).toHaveLength(1);
    expect(observed.responses[0]?.status).toBe(200);
    expect(observed.responses[0]?.headers.get("sl-violations")).toBeNull();

    const response = await fetch(`${prism.baseUrl}/stripe/connect/accounts/${encodeURIComponent(accountId)}/products/${encodeURIComponent(productId)}`, {
      method: "PUT",
      headers: { authorization: KEY, "content-type": "application/json" },
      ...(body ? { body: JSON.stringify(body) } : {}),
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
