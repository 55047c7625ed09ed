import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { UnprocessableEntityError, createSolvaPayClient, type SolvaPayUpdateProductBody } from "../../src/index.js";
import { observingFetch, startPrism, type Prism } from "../helpers/prism.js";

const KEY = "sk_sandbox_contract";
let prism: Prism;

beforeAll(async () => {
  prism = await startPrism("solvapay");
});
afterAll(async () => {
  await prism?.stop();
});

function client() {
  const observed = observingFetch();
  const solvapay = createSolvaPayClient({ apiKey: KEY, baseUrl: prism.baseUrl, fetch: observed.fetch, validateResponses: "error", maxRetries: 0 });
  return { solvapay, responses: observed.responses };
}

async function direct(method: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${prism.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

describe("SolvaPay against Prism", () => {
  const bodies: [string, SolvaPayUpdateProductBody][] = [
    ["every field", { name: "n", description: "d", imageUrl: "https://x/i.png", productType: "t", status: "suspended", config: { a: 1 }, metadata: { b: "c" } }],
    ["one field", { status: "inactive" }],
    ["nothing", {}],
  ];
  test.each(bodies)("updateProduct with %s passes request validation and returns what Prism returns", async (_, body) => {
    const { solvapay, responses } = client();
    const product = await solvapay.updateProduct("prd_1A2B3C4D", body);
    expect(responses).toHaveLength(1);
    expect(responses[0]?.status).toBe(200);
    expect(responses[0]?.headers.get("sl-violations")).toBeNull();
    expect(product).toEqual(await direct("PUT", "/v1/sdk/products/prd_1A2B3C4D", body));
    expect(typeof product.balance).toBe("number");
  });

  test("updatePlan passes request validation", async () => {
    const { solvapay, responses } = client();
    const result = await solvapay.updatePlan("prd_1A2B3C4D", "pln_1", { price: 10 });
    expect(responses[0]?.status).toBe(200);
    expect(responses[0]?.headers.get("sl-violations")).toBeNull();
    expect(result).toEqual(await direct("PUT", "/v1/sdk/products/prd_1A2B3C4D/plans/pln_1", { price: 10 }));
  });

  test("an encoded path parameter is still one valid request", async () => {
    const { solvapay, responses } = client();
    await solvapay.updateProduct("prd/../x?y", { name: "n" });
    expect(responses[0]?.status).toBe(200);
    expect(responses[0]?.headers.get("sl-violations")).toBeNull();
  });

  test("Prism does refuse an invalid request, so the checks above can fail", async () => {
    const { solvapay, responses } = client();
    const invalid = { status: "archived" } as unknown as SolvaPayUpdateProductBody;
    await expect(solvapay.updateProduct("prd_1", invalid)).rejects.toBeInstanceOf(UnprocessableEntityError);
    expect(responses[0]?.status).toBe(422);
    const unauthenticated = await fetch(`${prism.baseUrl}/v1/sdk/products/prd_1`, { method: "PUT", headers: { "content-type": "application/json" }, body: "{}" });
    await unauthenticated.arrayBuffer();
    expect(unauthenticated.status).toBe(401);
  });
});
