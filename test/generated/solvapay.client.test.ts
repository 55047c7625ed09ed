import { describe, expect, test, vi } from "vitest";
import { createSolvaPayClient } from "../../generated/solvapay.client.js";
import { SOLVAPAY_PRODUCT, json, recordingFetch } from "../helpers/fetch.js";

function solvapay(handler = () => json(SOLVAPAY_PRODUCT)) {
  const { fetch, requests } = recordingFetch(handler);
  return { solvapay: createSolvaPayClient({ apiKey: "sk_sandbox_1", fetch, logger: { warn() {} } }), requests };
}

describe("updatePlan", () => {
  test("PUTs the body to the product's plan", async () => {
    const { solvapay: client, requests } = solvapay(() => json({ reference: "pln_1" }));
    await expect(client.updatePlan("prd_1", "pln_1", { price: 1000 })).resolves.toEqual({ reference: "pln_1" });
    expect(requests[0]).toMatchObject({ method: "PUT", url: "https://api.solvapay.com/v1/sdk/products/prd_1/plans/pln_1" });
    expect(JSON.parse(requests[0]?.body ?? "")).toEqual({ price: 1000 });
  });

  test("a 200 with a body the spec does not declare is returned, and the drift logged", async () => {
    const warn = vi.fn();
    const { fetch } = recordingFetch(() => json({ reference: "pln_1" }));
    const client = createSolvaPayClient({ apiKey: "sk_sandbox_1", fetch, logger: { warn } });
    await expect(client.updatePlan("prd_1", "pln_1", {})).resolves.toEqual({ reference: "pln_1" });
    expect(warn.mock.calls[0]?.[0]).toMatch(/has a body; the spec declares none/);
  });

  test("an empty 200 resolves to undefined", async () => {
    const { solvapay: client } = solvapay(() => new Response(null, { status: 200 }));
    await expect(client.updatePlan("prd_1", "pln_1", {})).resolves.toBeUndefined();
  });

  test("rejects a traversal in planRef before any request", async () => {
    const { solvapay: client, requests } = solvapay();
    await expect(client.updatePlan("prd_1", "..", {})).rejects.toThrow(/"planRef"/);
    expect(requests).toHaveLength(0);
  });
});

describe("baseUrl", () => {
  test("replaces the spec's server, keeping its path", async () => {
    const { fetch, requests } = recordingFetch(() => json(SOLVAPAY_PRODUCT));
    const client = createSolvaPayClient({ apiKey: "sk_sandbox_1", fetch, baseUrl: "http://127.0.0.1:9/proxy/" });
    await client.updateProduct("prd_1", {});
    expect(requests[0]?.url).toBe("http://127.0.0.1:9/proxy/v1/sdk/products/prd_1");
  });
});
