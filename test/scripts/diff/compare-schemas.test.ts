import { describe, expect, it } from "vitest";
import { createSchemaComparer, type Direction } from "../../../scripts/diff/compare-schemas.js";
import { createRefResolver } from "../../../scripts/diff/resolve-ref.js";

type Given = { old: unknown; new: unknown; direction: Direction; components?: { old?: object; new?: object } };

/** "<severity> <path> <kind>" per change, relative to the compared schema, sorted. */
function compare({ old, new: next, direction, components = {} }: Given) {
  const oldDoc = { components: { schemas: components.old ?? {} } };
  const newDoc = { components: { schemas: components.new ?? {} } };
  const notes = { descriptions: new Set<object>(), examples: new Set<object>() };
  const compareSchemas = createSchemaComparer(createRefResolver(oldDoc, "old spec"), createRefResolver(newDoc, "new spec"), notes);
  return compareSchemas(old, next, direction)
    .map((c) => `${c.severity} ${c.path || "$"} ${c.kind}`)
    .sort();
}

const str = { type: "string" };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const cases: [string, { given: Given; want: string[] }][] = [
  ["number -> integer narrows a request", { given: { old: { type: "number" }, new: { type: "integer" }, direction: "request" }, want: ["breaking $ type-narrowed"] }],
  ["number -> integer narrows a response harmlessly", { given: { old: { type: "number" }, new: { type: "integer" }, direction: "response" }, want: ["non-breaking $ type-narrowed"] }],
  ["integer -> number widens a request", { given: { old: { type: "integer" }, new: { type: "number" }, direction: "request" }, want: ["non-breaking $ type-widened"] }],
  ["a union losing a type narrows a request", { given: { old: { type: ["string", "integer"] }, new: str, direction: "request" }, want: ["breaking $ type-narrowed"] }],
  ["a response gaining a type breaks readers", { given: { old: str, new: { type: ["string", "integer"] }, direction: "response" }, want: ["breaking-response $ type-widened"] }],
  ["untyped -> typed narrows a request", { given: { old: {}, new: str, direction: "request" }, want: ["breaking $ type-narrowed"] }],
  ["string -> object stops at the type change", { given: { old: str, new: { type: "object", properties: { a: str } }, direction: "response" }, want: ["breaking-response $ type-changed"] }],
  ["nullable removed from a request", { given: { old: { type: "string", nullable: true }, new: str, direction: "request" }, want: ["breaking $ nullable-removed"] }],
  ["nullable added to a request", { given: { old: str, new: { type: ["string", "null"] }, direction: "request" }, want: ["non-breaking $ made-nullable"] }],
  ["response made nullable by a null variant", { given: { old: str, new: { oneOf: [str, { type: "null" }] }, direction: "response" }, want: ["breaking-response $ made-nullable"] }],
  ["request enum value removed", { given: { old: { type: "string", enum: ["a", "b"] }, new: { type: "string", enum: ["a"] }, direction: "request" }, want: ["breaking $ enum-value-removed"] }],
  ["request enum value added", { given: { old: { type: "string", enum: ["a"] }, new: { type: "string", enum: ["a", "b"] }, direction: "request" }, want: ["non-breaking $ enum-value-added"] }],
  ["response enum value added", { given: { old: { type: "string", enum: ["a"] }, new: { type: "string", enum: ["a", "b"] }, direction: "response" }, want: ["breaking-response $ enum-value-added"] }],
  ["response enum value removed", { given: { old: { type: "string", enum: ["a", "b"] }, new: { type: "string", enum: ["a"] }, direction: "response" }, want: ["non-breaking $ enum-value-removed"] }],
  // The same single value either way: an enum (or const) without a type allows its values' types only.
  ["const read as a one-value enum", { given: { old: { const: "a" }, new: { type: "string", enum: ["a"] }, direction: "request" }, want: [] }],
  ["an enum's type made explicit", { given: { old: { enum: ["a", "b"] }, new: { type: "string", enum: ["a", "b"] }, direction: "response" }, want: [] }],
  ["multipleOf loosened to a divisor", { given: { old: { type: "integer", multipleOf: 4 }, new: { type: "integer", multipleOf: 2 }, direction: "request" }, want: ["non-breaking $ constraint-loosened"] }],
  ["multipleOf tightened to a multiple", { given: { old: { type: "integer", multipleOf: 2 }, new: { type: "integer", multipleOf: 4 }, direction: "request" }, want: ["breaking $ constraint-tightened"] }],
  ["additionalProperties true -> false in a request", { given: { old: { type: "object", properties: { a: str }, additionalProperties: true }, new: { type: "object", properties: { a: str }, additionalProperties: false }, direction: "request" }, want: ["breaking $ additional-properties-closed"] }],
  ["additionalProperties schema -> absent in a response", { given: { old: { type: "object", properties: { a: str }, additionalProperties: str }, new: { type: "object", properties: { a: str } }, direction: "response" }, want: ["breaking-response $ additional-properties-closed"] }],
  ["additionalProperties absent -> true in a request", { given: { old: { type: "object", properties: { a: str } }, new: { type: "object", properties: { a: str }, additionalProperties: true }, direction: "request" }, want: ["non-breaking $ additional-properties-allowed"] }],
  ["array items added in a request", { given: { old: { type: "array" }, new: { type: "array", items: str }, direction: "request" }, want: ["breaking [*] type-narrowed"] }],
  ["array items removed in a response", { given: { old: { type: "array", items: str }, new: { type: "array" }, direction: "response" }, want: ["breaking-response [*] type-widened"] }],
  ["maxLength added to a request", { given: { old: str, new: { type: "string", maxLength: 5 }, direction: "request" }, want: ["breaking $ constraint-tightened"] }],
  ["maxLength raised in a request", { given: { old: { type: "string", maxLength: 5 }, new: { type: "string", maxLength: 9 }, direction: "request" }, want: ["non-breaking $ constraint-loosened"] }],
  ["minimum raised in a request", { given: { old: { type: "integer", minimum: 0 }, new: { type: "integer", minimum: 1 }, direction: "request" }, want: ["breaking $ constraint-tightened"] }],
  ["pattern added to a request", { given: { old: str, new: { type: "string", pattern: "^a" }, direction: "request" }, want: ["breaking $ constraint-tightened"] }],
  ["constraints tightened in a response", { given: { old: str, new: { type: "string", maxLength: 5 }, direction: "response" }, want: ["non-breaking $ constraint-tightened"] }],
  ["3.0 and 3.1 exclusive bounds read alike", { given: { old: { type: "number", minimum: 1, exclusiveMinimum: true }, new: { type: "number", exclusiveMinimum: 1 }, direction: "request" }, want: [] }],
  [
    "request properties: removed, newly required, added optional",
    {
      given: {
        old: { type: "object", required: ["a"], properties: { a: str, b: str, gone: str } },
        new: { type: "object", required: ["a", "b", "c"], properties: { a: str, b: str, c: str, d: str } },
        direction: "request",
      },
      want: ["breaking .b property-made-required", "breaking .c required-property-added", "breaking .gone property-removed", "non-breaking .d optional-property-added"],
    },
  ],
  [
    "response properties: removed, made optional, added",
    {
      given: {
        old: { type: "object", required: ["a", "b"], properties: { a: str, b: str, gone: str } },
        new: { type: "object", required: ["a"], properties: { a: str, b: str, c: str } },
        direction: "response",
      },
      want: ["breaking-response .b property-made-optional", "breaking-response .gone property-removed", "non-breaking .c property-added"].sort(),
    },
  ],
  [
    "readOnly properties are not part of a request",
    {
      given: {
        old: { type: "object", required: ["id"], properties: { id: { type: "string", readOnly: true } } },
        new: { type: "object", properties: { id: { type: "integer", readOnly: true } } },
        direction: "request",
      },
      want: [],
    },
  ],
  [
    "a property becoming readOnly is removed from requests",
    { given: { old: { type: "object", properties: { id: str } }, new: { type: "object", properties: { id: { ...str, readOnly: true } } }, direction: "request" }, want: ["breaking .id property-removed"] },
  ],
  [
    "allOf parts are merged into one object",
    {
      given: {
        old: { allOf: [ref("Base"), { type: "object", properties: { b: str } }] },
        new: { type: "object", required: ["a"], properties: { a: str, b: str } },
        direction: "request",
        components: { old: { Base: { type: "object", required: ["a"], properties: { a: str } } } },
      },
      want: [],
    },
  ],
  [
    "array items and additionalProperties are compared",
    {
      given: {
        old: { type: "object", properties: { list: { type: "array", items: str }, map: { type: "object", additionalProperties: str } } },
        new: { type: "object", properties: { list: { type: "array", items: { type: "integer" } }, map: { type: "object", additionalProperties: { type: "integer" } } } },
        direction: "response",
      },
      want: ["breaking-response .list[*] type-changed", "breaking-response .map.* type-changed"],
    },
  ],
  [
    "oneOf variants pair by $ref target, then by position",
    {
      given: {
        old: { oneOf: [ref("Cat"), ref("Dog")] },
        new: { oneOf: [ref("Dog"), ref("Cat"), ref("Bird")] },
        direction: "response",
        components: {
          old: { Cat: { type: "object", properties: { meow: str } }, Dog: { type: "object" } },
          new: { Cat: { type: "object", properties: { meow: { type: "integer" } } }, Dog: { type: "object" }, Bird: { type: "object" } },
        },
      },
      want: ["breaking-response .oneOf[0].meow type-changed", "breaking-response .oneOf[2] variant-added"],
    },
  ],
  [
    "a change behind a cycle is found and the walk ends",
    {
      given: {
        old: ref("Node"),
        new: ref("Node"),
        direction: "response",
        components: {
          old: { Node: { type: "object", properties: { next: ref("Node"), leaf: ref("Leaf") } }, Leaf: { type: "object", properties: { back: ref("Node"), v: str } } },
          new: { Node: { type: "object", properties: { next: ref("Node"), leaf: ref("Leaf") } }, Leaf: { type: "object", properties: { back: ref("Node"), v: { type: "boolean" } } } },
        },
      },
      want: ["breaking-response .leaf.v type-changed"],
    },
  ],
  [
    "a schema referenced twice in one use is reported once, at the first path found",
    {
      given: {
        old: { type: "object", properties: { a: { type: "object", properties: { deep: ref("Money") } }, b: ref("Money") } },
        new: { type: "object", properties: { a: { type: "object", properties: { deep: ref("Money") } }, b: ref("Money") } },
        direction: "response",
        components: { old: { Money: { type: "integer" } }, new: { Money: { type: "string" } } },
      },
      want: ["breaking-response .a.deep type-changed"],
    },
  ],
  [
    "a nullable $ref: 3.0 allOf + nullable vs 3.1 anyOf with null",
    {
      given: {
        old: { allOf: [ref("Money")], nullable: true },
        new: { anyOf: [ref("Price"), { type: "null" }] },
        direction: "request",
        components: { old: { Money: { type: "object", properties: { n: str } } }, new: { Price: { type: "object", properties: { n: str } } } },
      },
      want: [],
    },
  ],
  // Variant identity: never bare position.
  [
    "reordered allOf [$ref, ...] variants pair by their $ref part",
    {
      given: {
        old: { oneOf: [{ allOf: [ref("Cat"), { type: "object", properties: { x: str } }] }, { allOf: [ref("Dog"), { type: "object", properties: { y: str } }] }] },
        new: { oneOf: [{ allOf: [ref("Dog"), { type: "object", properties: { y: str } }] }, { allOf: [ref("Cat"), { type: "object", properties: { x: { type: "integer" } } }] }] },
        direction: "response",
        components: { old: { Cat: { type: "object", properties: { meow: str } }, Dog: { type: "object", properties: { woof: str } } }, new: { Cat: { type: "object", properties: { meow: str } }, Dog: { type: "object", properties: { woof: str } } } },
      },
      want: ["breaking-response .oneOf[0].x type-changed"],
    },
  ],
  [
    "inline variants pair by const (discriminator) value",
    {
      given: {
        old: { oneOf: [{ type: "object", properties: { kind: { const: "card" }, last4: str } }, { type: "object", properties: { kind: { const: "bank" }, iban: str } }] },
        new: { oneOf: [{ type: "object", properties: { kind: { const: "bank" }, iban: { type: "integer" } } }, { type: "object", properties: { kind: { const: "card" }, last4: str } }] },
        direction: "request",
      },
      want: ["breaking .oneOf[1].iban type-changed"],
    },
  ],
  [
    "untagged inline variants pair by shared property names",
    {
      given: {
        old: { anyOf: [{ type: "object", properties: { a: str, b: str } }, { type: "object", properties: { c: str, d: str } }] },
        new: { anyOf: [{ type: "object", properties: { c: str, d: str, e: str } }, { type: "object", properties: { a: str, b: str } }] },
        direction: "response",
      },
      want: ["non-breaking .anyOf[1].e property-added"],
    },
  ],
  [
    "a variant with nothing in common is removed and another added, not compared",
    { given: { old: { oneOf: [str, { type: "object", properties: { a: str } }] }, new: { oneOf: [{ type: "object", properties: { z: str } }, str] }, direction: "request" }, want: ["breaking .oneOf[1] variant-removed", "non-breaking .oneOf[0] variant-added"].sort() },
  ],
  [
    "a property that became a union of closed objects is reported as such, not as 'now takes other properties'",
    {
      given: {
        old: { type: "object", properties: { a: str } },
        new: { type: "object", oneOf: [{ type: "object", properties: { a: str } }, { type: "object", properties: { b: str } }] },
        direction: "response",
      },
      want: ["breaking-response $ became-union"],
    },
  ],
  ["a union that became one schema", { given: { old: { oneOf: [str, { type: "integer" }] }, new: str, direction: "request" }, want: ["breaking $ type-narrowed", "breaking $ union-removed"] }],
  // One model of types with the generator (scripts/stages/type-options.js).
  [
    "properties: {} is free-form (emptyObjectsUnknown): named properties close it",
    {
      given: { old: { type: "object", properties: {} }, new: { type: "object", properties: { a: str, b: str } }, direction: "response" },
      want: ["breaking-response $ additional-properties-closed", "non-breaking .a property-added", "non-breaking .b property-added"],
    },
  ],
  ["properties: {} and no properties read alike", { given: { old: { type: "object", properties: {} }, new: { type: "object" }, direction: "request" }, want: [] }],
  [
    "a default added to a request property of a component makes it required (defaultNonNullable)",
    {
      given: {
        old: ref("Order"),
        new: ref("Order"),
        direction: "request",
        components: { old: { Order: { type: "object", properties: { qty: { type: "integer" } } } }, new: { Order: { type: "object", properties: { qty: { type: "integer", default: 1 } } } } },
      },
      want: ["breaking .qty property-made-required"],
    },
  ],
  [
    "a property added with a default to a component is required in requests",
    {
      given: { old: ref("Order"), new: ref("Order"), direction: "request", components: { old: { Order: { type: "object", properties: {} } }, new: { Order: { type: "object", properties: { qty: { type: "integer", default: 1 } } } } } },
      want: ["breaking $ additional-properties-closed", "breaking .qty required-property-added"],
    },
  ],
  [
    "a default in an inline request body does not (openapi-typescript skips request bodies)",
    { given: { old: { type: "object", properties: { qty: { type: "integer" } } }, new: { type: "object", properties: { qty: { type: "integer", default: 1 } } }, direction: "request" }, want: [] },
  ],
  [
    "a default removed from a response property makes it optional for readers",
    { given: { old: { type: "object", properties: { qty: { type: "integer", default: 1 } } }, new: { type: "object", properties: { qty: { type: "integer" } } }, direction: "response" }, want: ["breaking-response .qty property-made-optional"] },
  ],
  ["format int32 -> int64 is informational", { given: { old: { type: "integer", format: "int32" }, new: { type: "integer", format: "int64" }, direction: "request" }, want: ["non-breaking $ format-changed"] }],
];

describe("createSchemaComparer", () => {
  it("says when only a default made a property required, and prints numeric bounds as numbers", () => {
    const oldDoc = { components: { schemas: { O: { type: "object", properties: { q: { type: "integer", minimum: 0 } } } } } };
    const newDoc = { components: { schemas: { O: { type: "object", properties: { q: { type: "integer", minimum: 1, default: 1 } } } } } };
    const notes = { descriptions: new Set<object>(), examples: new Set<object>() };
    const changes = createSchemaComparer(createRefResolver(oldDoc, "old"), createRefResolver(newDoc, "new"), notes)(ref("O"), ref("O"), "request");
    expect(changes.map(({ kind, message, from, to }) => ({ kind, message, from, to }))).toEqual([
      { kind: "property-made-required", message: "property made required in the generated type (a default)", from: undefined, to: undefined },
      { kind: "constraint-tightened", message: "minimum tightened", from: "minimum 0", to: "minimum 1" },
    ]);
  });

  it.each(cases)("%s", (_name, { given, want }) => {
    expect(compare(given)).toEqual(want);
  });

  it("counts each changed description and example once, on the old node", () => {
    const shared = { old: { type: "string", description: "old", example: "x" }, new: { type: "string", description: "new", example: "y" } };
    const oldDoc = { components: { schemas: { S: shared.old } } };
    const newDoc = { components: { schemas: { S: shared.new } } };
    const notes = { descriptions: new Set<object>(), examples: new Set<object>() };
    const compareSchemas = createSchemaComparer(createRefResolver(oldDoc, "old"), createRefResolver(newDoc, "new"), notes);
    for (const direction of ["request", "response"] as const) compareSchemas(ref("S"), ref("S"), direction);
    expect([...notes.descriptions]).toEqual([shared.old]);
    expect([...notes.examples]).toEqual([shared.old]);
  });
});
