import { describe, expect, test } from "vitest";
import { createChatDashClient, isChatDashApiError, NotFoundError } from "../../generated/chatdash.client.js";
import { CHATDASH_PRODUCT, json, recordingFetch } from "../helpers/fetch.js";

const KEY = "agency_k3y";

function chatdash(handler = () => json(CHATDASH_PRODUCT)) {
  const { fetch, requests } = recordingFetch(handler);
  return { chatdash: createChatDashClient({ apiKey: KEY, fetch, logger: { warn() {} } }), requests };
}

describe("updateProduct", () => {
  test("PUTs the data to the account's product with the raw agency key", async () => {
    const { chatdash: client, requests } = chatdash();
    const result = await client.updateProduct("acct_1", "prod_1", { data: { name: "Starter", description: "d" } });
    expect(result.product?.pricing?.amount).toBe("2999");
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: "PUT",
      url: "https://api.chat-dash.com/v1/public/stripe/connect/accounts/acct_1/products/prod_1",
    });
    expect(requests[0]?.headers.get("authorization")).toBe(KEY);
    expect(JSON.parse(requests[0]?.body ?? "")).toEqual({ data: { name: "Starter", description: "d" } });
  });

  test("path parameters are percent-encoded into one segment each", async () => {
    const { chatdash: client, requests } = chatdash();
    await client.updateProduct("../../admin", "a/b?c#d%e");
    expect(requests[0]?.url).toBe(
      "https://api.chat-dash.com/v1/public/stripe/connect/accounts/..%2F..%2Fadmin/products/a%2Fb%3Fc%23d%25e",
    );
  });

  test.each([
    ["accountId", "..", "p"],
    ["productId", "a", ""],
    ["productId", "a", "p\r\nHost: evil"],
  ])("rejects an unsafe %s before any request", async (name, accountId, productId) => {
    const { chatdash: client, requests } = chatdash();
    await expect(client.updateProduct(accountId, productId)).rejects.toThrow(new RegExp(`"${name}"`));
    await expect(client.updateProduct(accountId, productId)).rejects.toBeInstanceOf(TypeError);
    expect(requests).toHaveLength(0);
  });

  test("isChatDashApiError narrows by operation and status", async () => {
    const { chatdash: client } = chatdash(() => json({ error: "boom" }, { status: 500 }));
    const error = await client.updateProduct("a", "p", undefined, { maxRetries: 0 }).catch((e: unknown) => e);
    expect(isChatDashApiError(error, "updateProduct", 500)).toBe(true);
    expect(isChatDashApiError(error, "updateProduct", 404)).toBe(false);
    if (!isChatDashApiError(error, "updateProduct", 500)) throw new Error("not narrowed");
    // Typed { error?: string } | string | undefined: the text would be there had the 500 not been JSON.
    expect(typeof error.body === "object" ? error.body.error : error.body).toBe("boom");
    expect(isChatDashApiError(new NotFoundError(404, {}, {}, { api: "solvapay", operation: "updateProduct" }), "updateProduct", 404)).toBe(false);
  });

  test("a 500 that is not JSON keeps its text as the body", async () => {
    const { chatdash: client } = chatdash(() => new Response("<html>Bad gateway</html>", { status: 500 }));
    const error = await client.updateProduct("a", "p", undefined, { maxRetries: 0 }).catch((e: unknown) => e);
    if (!isChatDashApiError(error, "updateProduct", 500)) throw new Error("not narrowed");
    expect(error.body).toBe("<html>Bad gateway</html>");
  });
});

describe("raw", () => {
  test("carries the key, the User-Agent and the path guard", async () => {
    const { chatdash: client, requests } = chatdash();
    const { data } = await client.raw.PUT("/stripe/connect/accounts/{accountId}/products/{productId}", {
      params: { path: { accountId: "a b", productId: "p" } },
      body: { data: { name: "x" } },
    });
    expect(data?.product?.productId).toBe("prod_ABC123XYZ");
    expect(requests[0]?.url).toMatch(/accounts\/a%20b\/products\/p$/);
    expect(requests[0]?.headers.get("authorization")).toBe(KEY);
    expect(requests[0]?.headers.get("user-agent")).toMatch(/^product-clients\//);
    await expect(
      client.raw.PUT("/stripe/connect/accounts/{accountId}/products/{productId}", { params: { path: { accountId: "..", productId: "p" } } }),
    ).rejects.toThrow(/"accountId"/);
    expect(requests).toHaveLength(1);
  });
});
