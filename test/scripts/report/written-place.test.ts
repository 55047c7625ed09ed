import { expect, test } from "vitest";
import { writtenPlace } from "../../../scripts/report/written-place.js";

// Sources as Redocly holds them: an absolute path and the file's text.
const files = {
  "/spec/openapi.yaml": [
    "openapi: 3.0.3",
    "paths:",
    "  /things/{id}:",
    "    $ref: paths/thing.yaml",
    "  /other:",
    "    $ref: 'shared/items.json#/items/0'",
    "  /loop:",
    "    $ref: loop-a.yaml",
    "  /inline:",
    "    get: {}",
    "  /sib:",
    "    get:",
    "      parameters:",
    "        - $ref: params/p.yaml",
    "          description: beside the $ref",
    "  /local:",
    "    $ref: 'shared/local.yaml#/a'",
    "  /pct:",
    "    $ref: p%41.yaml",
  ].join("\n"),
  "/spec/params/p.yaml": ["name: id", "in: query"].join("\n"),
  "/spec/shared/local.yaml": ["a:", "  $ref: '#/b'", "b:", "  get:", "    responses: {}"].join("\n"),
  // Redocly reads a `$ref`'s file name as written, `%` included.
  "/spec/p%41.yaml": "get: {}",
  "/spec/paths/thing.yaml": ["put:", "  requestBody:", "    $ref: ../bodies/thing.yaml", "  responses: {}"].join("\n"),
  "/spec/bodies/thing.yaml": ["content:", "  application/json: {}"].join("\n"),
  "/spec/shared/items.json": JSON.stringify({ items: [{ get: { responses: {} } }] }),
  "/spec/loop-a.yaml": "$ref: loop-b.yaml",
  "/spec/loop-b.yaml": "$ref: loop-a.yaml",
};
const sources = new Map(Object.entries(files).map(([absoluteRef, body]) => [absoluteRef, { absoluteRef, body }]));
const root = sources.get("/spec/openapi.yaml") as { absoluteRef: string; body: string };
const place = (pointer: string) => {
  const found = writtenPlace(root, pointer, (file) => sources.get(file));
  return found && { file: found.source.absoluteRef, pointer: found.pointer };
};

test("a node the bundle inlined from another file is placed in that file, with that file's pointer", () => {
  expect(place("#/paths/~1things~1{id}/put")).toEqual({ file: "/spec/paths/thing.yaml", pointer: "#/put" });
  // Through a second file, and percent-encoded as a finding's pointer may be.
  expect(place("#/paths/~1things~1%7Bid%7D/put/requestBody/content")).toEqual({ file: "/spec/bodies/thing.yaml", pointer: "#/content" });
  // A $ref with a fragment, into a JSON file.
  expect(place("#/paths/~1other/get/responses")).toEqual({ file: "/spec/shared/items.json", pointer: "#/items/0/get/responses" });
});

// From a review: a `$ref`'s sibling was placed in the file the `$ref` points to; a `$ref` within that file was not
// followed; a file name was percent-decoded.
test("a $ref's sibling stays where it is written; a $ref within another file is followed; a file name is taken as written", () => {
  expect(place("#/paths/~1sib/get/parameters/0/description")).toBeUndefined();
  expect(place("#/paths/~1sib/get/parameters/0/name")).toEqual({ file: "/spec/params/p.yaml", pointer: "#/name" });
  expect(place("#/paths/~1local/get/responses")).toEqual({ file: "/spec/shared/local.yaml", pointer: "#/b/get/responses" });
  expect(place("#/paths/~1pct/get")).toEqual({ file: "/spec/p%41.yaml", pointer: "#/get" });
});

// From a second review: a finding on a path's template (on the key) was placed in the path item's file; one on a
// `$ref` the bundle kept (made a component) was placed at the `$ref`'s target.
test("a finding on the key stays where the key is; a $ref the bundle kept is not followed", () => {
  expect(writtenPlace(root, "#/paths/~1things~1{id}", (file) => sources.get(file), { onKey: true })).toBeUndefined();
  expect(place("#/paths/~1things~1{id}")).toEqual({ file: "/spec/paths/thing.yaml", pointer: "#" });
  const kept = { paths: { "/things/{id}": { put: { requestBody: { $ref: "#/components/requestBodies/thing" } } } } };
  const found = writtenPlace(root, "#/paths/~1things~1{id}/put/requestBody", (file) => sources.get(file), { bundled: kept });
  expect(found && { file: found.source.absoluteRef, pointer: found.pointer }).toEqual({ file: "/spec/paths/thing.yaml", pointer: "#/put/requestBody" });
  expect(place("#/paths/~1things~1{id}/put/requestBody")).toEqual({ file: "/spec/bodies/thing.yaml", pointer: "#" });
});

test("a YAML root too large to parse again in time gives no place; JSON of that size does", () => {
  const filler = `x-filler: "${"y".repeat(2_100_000)}"`;
  const yamlRoot = { absoluteRef: "/spec/openapi.yaml", body: `${root.body}\n${filler}\n` };
  expect(writtenPlace(yamlRoot, "#/paths/~1things~1{id}/put", (file) => sources.get(file))).toBeUndefined();
  const jsonRoot = { absoluteRef: "/spec/openapi.json", body: JSON.stringify({ paths: { "/things/{id}": { $ref: "paths/thing.yaml" } }, "x-filler": "y".repeat(2_100_000) }) };
  expect(writtenPlace(jsonRoot, "#/paths/~1things~1{id}/put", (file) => sources.get(file))).toEqual({ source: sources.get("/spec/paths/thing.yaml"), pointer: "#/put" });
});

test("what the finding says is missing stays on the pointer", () => {
  expect(place("#/paths/~1things~1{id}/put/parameters")).toEqual({ file: "/spec/paths/thing.yaml", pointer: "#/put/parameters" });
});

test("no place where the pointer stays in the root file, or the files do not lead there", () => {
  expect(place("#/paths/~1inline/get")).toBeUndefined();
  expect(place("#/paths/~1missing/get")).toBeUndefined();
  expect(place("#/paths/~1loop/get")).toBeUndefined();
  expect(writtenPlace(root, "#/paths/~1things~1{id}/put", () => undefined)).toBeUndefined();
  expect(place("other.yaml#/a")).toBeUndefined();
});
