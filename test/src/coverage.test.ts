import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { createChatDashClient, createSolvaPayClient } from "../../src/index.js";
import { json, recordingFetch, type Fetch } from "../helpers/fetch.js";

// One entry per facade update call: how to invoke it. A PUT/PATCH in a spec without an entry fails below.
type Invoke = (fetch: Fetch) => Promise<unknown>;
const options = (fetch: Fetch) => ({ apiKey: "k_1", fetch, validateResponses: "off" as const });
const facade: Record<string, Record<string, Invoke>> = {
  chatdash: {
    updateProduct: (fetch) => createChatDashClient(options(fetch)).updateProduct({ accountId: "A", productId: "B" }),
  },
  solvapay: {
    ProductSdkController_updateProduct: (fetch) => createSolvaPayClient(options(fetch)).updateProduct("A", {}),
    PlanSdkController_updatePlan: (fetch) => createSolvaPayClient(options(fetch)).updatePlan("A", "B", {}),
  },
};

function updateOperations(api: string): [string, string, string][] {
  const spec = JSON.parse(readFileSync(new URL(`../../generated/${api}.bundled.json`, import.meta.url), "utf8")) as {
    paths: Record<string, Record<string, { operationId?: string }>>;
  };
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => method === "put" || method === "patch")
      .map(([method, operation]): [string, string, string] => [operation.operationId ?? `${method} ${path}`, method, path]),
  );
}

describe.each(Object.keys(facade))("%s", (api) => {
  const operations = updateOperations(api);

  test("the spec has update operations", () => {
    expect(operations.length).toBeGreaterThan(0);
  });

  test.each(operations)("%s (%s %s) has a facade call that sends it", async (operationId, method, path) => {
    const invoke = facade[api]?.[operationId];
    expect(invoke, `no facade method for ${api} ${operationId}`).toBeTypeOf("function");
    const { fetch, requests } = recordingFetch(() => json({}));
    await invoke?.(fetch);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe(method.toUpperCase());
    const template = new RegExp(`${path.replace(/\{[^}]+\}/g, "[AB]")}$`);
    expect(new URL(requests[0]?.url ?? "").pathname).toMatch(template);
  });
});
