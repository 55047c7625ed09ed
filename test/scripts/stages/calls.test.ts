import { describe, expect, test } from "vitest";
import callsStage, { apiSettings, callsOf, jsonForTemplate, nameOf, testingData } from "../../../scripts/stages/calls.js";

describe("nameOf", () => {
  test.each([
    ["ProductSdkController_updateProduct", "put", "/x", "updateProduct"],
    ["products.update", "patch", "/x", "productsUpdate"],
    ["update_product", "put", "/x", "updateProduct"],
    ["PostProductsId", "post", "/x", "postProductsId"],
    ["2fa-update", "put", "/x", "call2faUpdate"],
    [undefined, "put", "/v1/products/{id}", "putV1Products"],
  ])("%s (%s %s) -> %s", (operationId, method, path, want) => {
    expect(nameOf(operationId, method, path)).toBe(want);
  });
});

const ok = { "200": { description: "ok", content: { "application/json": { schema: { type: "object" } } } } };
function document(paths: Record<string, Record<string, unknown>>, extra: Record<string, unknown> = {}) {
  return { openapi: "3.0.3", info: { title: "T", version: "1" }, paths, ...extra };
}

describe("callsOf", () => {
  test("every PUT and PATCH is a call; POST only when marked; x-client-call: false leaves one out; a string names it", () => {
    const { calls } = callsOf(
      document({
        "/a/{id}": { put: { operationId: "putA", responses: ok }, patch: { operationId: "patchA", "x-client-call": false, responses: ok } },
        "/b": { post: { operationId: "createB", "x-client-call": "updateB", responses: ok }, get: { operationId: "getB", responses: ok } },
      }),
    );
    expect(calls.map((c) => [c.name, c.method, c.path, c.pathParams])).toEqual([
      ["putA", "PUT", "/a/{id}", ["id"]],
      ["updateB", "POST", "/b", []],
    ]);
  });

  test("names that collide get 2, 3 in document order; `raw` is taken by the client", () => {
    const { calls } = callsOf(
      document({
        "/a": { put: { operationId: "Controller_update", responses: ok } },
        "/b": { put: { operationId: "OtherController_update", responses: ok } },
        "/c": { put: { operationId: "raw", responses: ok } },
      }),
    );
    expect(calls.map((c) => c.name)).toEqual(["update", "update2", "raw2"]);
  });

  test("JSON wins over form where both are offered; multipart only is no call, and says why", () => {
    const body = (types: string[]) => ({ required: true, content: Object.fromEntries(types.map((t) => [t, { schema: { type: "object" } }])) });
    const { calls, skipped } = callsOf(
      document({
        "/a": { put: { requestBody: body(["application/x-www-form-urlencoded", "application/json"]), responses: ok } },
        "/b": { put: { requestBody: body(["application/x-www-form-urlencoded"]), responses: ok } },
        "/c": { put: { requestBody: body(["multipart/form-data"]), responses: ok } },
      }),
    );
    expect(calls.map((c) => c.body)).toEqual(["application/json", "application/x-www-form-urlencoded"]);
    expect(skipped).toEqual(["#/paths/~1c/put: request body is multipart/form-data; calls send JSON or application/x-www-form-urlencoded"]);
  });

  test("options are required when a header or query parameter is, except the headers OpenAPI says to ignore", () => {
    const { calls } = callsOf(
      document({
        "/a": { put: { parameters: [{ name: "If-Match", in: "header", required: true, schema: { type: "string" } }], responses: ok } },
        "/b": { put: { parameters: [{ name: "Authorization", in: "header", required: true, schema: { type: "string" } }], responses: ok } },
      }),
    );
    expect(calls.map((c) => c.optionsRequired)).toEqual([true, false]);
  });

  test("responses: 2xx statuses with what each answers", () => {
    const { calls } = callsOf(
      document({
        "/a": { patch: { responses: { "204": { description: "none" }, "202": { description: "t", content: { "text/plain": {} } }, "404": { description: "x" } } } },
      }),
    );
    expect(calls[0]?.responses).toEqual({ "204": "empty", "202": "text" });
  });
});

describe("apiSettings", () => {
  test("the client's name, key variable and auth come from the API name and the spec, and x-client overrides them", () => {
    const bearer = document({ "/a": { put: { responses: ok } } }, { security: [{ k: [] }], components: { securitySchemes: { k: { type: "http", scheme: "bearer" } } } });
    expect(apiSettings("pay-co", bearer)).toMatchObject({ name: "PayCo", envVar: "PAY_CO_API_KEY", auth: { in: "bearer" } });
    const named = { ...bearer, info: { ...bearer.info, "x-client": { name: "Payments", apiKeyEnv: "PAYMENTS_KEY", idempotency: { generate: true } } } };
    expect(apiSettings("pay-co", named)).toMatchObject({ name: "Payments", envVar: "PAYMENTS_KEY", idempotency: { header: "Idempotency-Key", generate: true } });
    const query = document({ "/a": { put: { security: [{ q: [] }], responses: ok } } }, { components: { securitySchemes: { q: { type: "apiKey", in: "query", name: "api_key" } } } });
    expect(apiSettings("x", query).auth).toEqual({ in: "query", name: "api_key" });
    expect(apiSettings("x", document({ "/a": { put: { responses: ok } } })).auth).toBeUndefined();
  });

  test("a malformed x-client is an error naming its pointer", () => {
    const bad = document({}, {});
    (bad.info as Record<string, unknown>)["x-client"] = { name: "lower" };
    expect(() => apiSettings("x", bad)).toThrow("#/info/x-client/name must be a PascalCase identifier");
  });
});

test("a call whose name is one of the module's own imports still gets an alias of its own", () => {
  const { source } = callsStage("x", document({ "/client": { put: { operationId: "client", responses: ok } } }));
  expect(source).toContain('type ClientOperation = paths["/client"]["put"];');
  expect(source).not.toMatch(/^type Client =/m);
});

describe("the testing data", () => {
  // A body with what JSON in a String.raw template must get past: a backtick and `${` (which would end the text or
  // open a substitution), escapes and a backslash before the closing quote (read as written), U+2028, a key named
  // __proto__ (which an object literal would take for the prototype), and a string too long for any line.
  const tricky = 'a `b` ${c} \\ " \n \u2028 é \\';
  const body = { type: "object", properties: { ["__proto__"]: { type: "string" }, long: { type: "string", enum: ["x".repeat(150)] } } };
  const spec = document({ "/a/{id}": { put: { operationId: "putA", requestBody: { content: { "application/json": { schema: body, example: { note: tricky } } } }, responses: ok } } });

  test("is JSON in a String.raw template that reads back as the data it was made from", () => {
    const { testing } = callsStage("t", spec);
    const expression = /^export const api: MockApi<TCalls> = (JSON\.parse\(String\.raw`[^`]*`\));$/m.exec(testing)?.[1];
    expect(expression).toBeDefined();
    // Evaluated as JavaScript reads the module: the template's raw text, then JSON.parse.
    const data = new Function(`return ${expression}`)();
    expect(data).toEqual(JSON.parse(JSON.stringify(testingData("t", spec))));
    const media = data.calls.putA.body.content["application/json"];
    expect(media.example.note).toBe(tricky);
    expect(Object.getPrototypeOf(media.schema.properties)).toBe(Object.prototype);
    expect(Object.keys(media.schema.properties)).toEqual(["__proto__", "long"]);
  });

  test("puts a value on one line where it fits 100 columns, else one member per line", () => {
    const { testing } = callsStage("t", spec);
    const lines = testing.slice(testing.indexOf("String.raw`") + "String.raw`".length, testing.indexOf("`);")).split("\n");
    // The outermost object is cut whatever its size: its first line is the declaration's.
    expect(lines[0]).toBe("{");
    expect(lines).toContain(`  "name": "t",`);
    // A short object stays on one line (with the comma after it, 100 columns), a longer one is cut.
    expect(lines).toContain(`        "200": { "content": { "application/json": { "schema": { "type": "object" } } } }`);
    expect(lines).toContain(`                "__proto__": { "type": "string" },`);
    // Only a line that cannot be cut (a string, after its key) is longer.
    const long = lines.filter((line) => line.length > 100);
    expect(long).toHaveLength(1);
    for (const line of long) expect(line.trim().replace(/^"(?:[^"\\]|\\.)*": /, "")).toMatch(/^"(?:[^"\\]|\\.)*",?$/);
  });

  test("keeps a value on one line while that line and a comma after it fit 100 columns, to the column", () => {
    const fits = jsonForTemplate({ a: { b: "x".repeat(81) } }).split("\n");
    expect(fits).toEqual(["{", `  "a": { "b": "${"x".repeat(81)}" }`, "}"]);
    expect(fits[1]).toHaveLength(99);
    // One character more, and the object is cut (the line is measured as a whole, not each level's text on its own).
    expect(jsonForTemplate({ a: { b: "x".repeat(82) } }).split("\n")).toEqual(["{", '  "a": {', `    "b": "${"x".repeat(82)}"`, "  }", "}"]);
    expect(jsonForTemplate({ a: [[], {}, [1, [2]]], b: {} })).toBe('{\n  "a": [[], {}, [1, [2]]],\n  "b": {}\n}');
  });
});
