import { expect, test } from "vitest";
import { escapeToken, hasExternalRefs, keysOf, pointerOf, resolvePointer, unescapeToken } from "../../../scripts/report/json-pointer.js";

test.each([
  ["/v1/products/{id}", "~1v1~1products~1{id}"],
  ["a~b", "a~0b"],
  ["~1", "~01"],
])("%s escapes to %s and back", (key, token) => {
  expect(escapeToken(key)).toBe(token);
  expect(unescapeToken(token)).toBe(key);
});

test("a $ref's keys: percent-decoded as a URI fragment, then unescaped; other files are not local", () => {
  expect(keysOf("#/paths/~1authn~1%7Baccount%7D/post")).toEqual(["paths", "/authn/{account}", "post"]);
  expect(keysOf("#/a/100%")).toEqual(["a", "100%"]);
  expect(keysOf("#")).toEqual([]);
  expect(keysOf("other.yaml#/a")).toBeUndefined();
  expect(pointerOf(["paths", "/v1/x", 0])).toBe("#/paths/~1v1~1x/0");
});

test("resolvePointer follows own keys only", () => {
  const doc = { paths: { "/x": { put: { ok: true } } }, list: [1, 2] };
  expect(resolvePointer(doc, "#/paths/~1x/put")).toEqual({ ok: true });
  expect(resolvePointer(doc, "#/list/1")).toBe(2);
  expect(resolvePointer(doc, "#")).toBe(doc);
  expect(resolvePointer(doc, "#/__proto__")).toBeUndefined();
  expect(resolvePointer(doc, "#/paths/missing")).toBeUndefined();
});

test("a $ref to another file is found anywhere, each object once (YAML aliases share objects and may loop)", () => {
  expect(hasExternalRefs({ paths: { "/a": { $ref: "#/components/pathItems/A" } } })).toBe(false);
  expect(hasExternalRefs({ paths: { "/a": { get: { responses: { "200": { $ref: "responses.yaml#/ok" } } } } } })).toBe(true);
  const loop: Record<string, unknown> = { a: {} };
  (loop.a as Record<string, unknown>).back = loop;
  expect(hasExternalRefs(loop)).toBe(false);
});
