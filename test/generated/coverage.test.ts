import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { callsOf } from "../../scripts/stages/calls.js";
import { json, recordingFetch, type Fetch } from "../helpers/fetch.js";

// Every API generate wrote, with no per-vendor line here: adding a vendor adds its rows.
const manifest = JSON.parse(readFileSync(new URL("../../generated/manifest.json", import.meta.url), "utf8")) as { apis: Record<string, unknown> };
const apis = Object.keys(manifest.apis);

function specOf(api: string) {
  return JSON.parse(readFileSync(new URL(`../../generated/${api}.bundled.json`, import.meta.url), "utf8")) as {
    paths: Record<string, Record<string, { operationId?: string }>>;
  };
}

type AnyClient = Record<string, (...args: unknown[]) => Promise<unknown>>;

async function clientOf(api: string, fetch: Fetch): Promise<AnyClient> {
  const module = (await import(`../../generated/${api}.client.ts`)) as Record<string, unknown>;
  const create = Object.entries(module).find(([name]) => /^create\w+Client$/.test(name))?.[1] as (options: object) => AnyClient;
  return create({ apiKey: "k_1", fetch, validateResponses: "off" });
}

describe.each(apis)("%s", (api) => {
  const spec = specOf(api);
  const updates = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((method) => method === "put" || method === "patch")
      .map((method): [string, string] => [method, path]),
  );
  const { calls } = callsOf(spec);

  test("the spec has update operations", () => {
    expect(updates.length).toBeGreaterThan(0);
  });

  test.each(updates)("%s %s has a generated call that sends it", async (method, path) => {
    const call = calls.find((c) => c.method === method.toUpperCase() && c.path === path);
    expect(call, `no call for ${method} ${path}`).toBeDefined();
    const { fetch, requests } = recordingFetch(() => json({}));
    const client = await clientOf(api, fetch);
    const args = [...(call?.pathParams.map(() => "A") ?? []), ...(call?.body ? [{}] : [])];
    await client[call?.name ?? ""]?.(...args);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe(method.toUpperCase());
    const template = new RegExp(`${path.replace(/\{[^}]+\}/g, "A")}$`);
    expect(new URL(requests[0]?.url ?? "").pathname).toMatch(template);
  });
});
