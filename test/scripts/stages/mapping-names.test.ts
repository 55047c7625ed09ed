import { describe, expect, it } from "vitest";
import { mayNameSchemas, nameMappingsToRefs, schemaNameMappings } from "../../../scripts/stages/mapping-names.js";

const document = {
  paths: {
    "/a": {
      patch: {
        requestBody: {
          content: {
            "application/json": {
              schema: { oneOf: [], discriminator: { propertyName: "kind", mapping: { one: "One", ref: "#/components/schemas/Two", none: "Three", file: "two.yaml" } } },
              example: { discriminator: { mapping: { x: "One" } } },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      One: { type: "object", properties: { discriminator: { type: "object", properties: { mapping: { type: "string" } } } } },
      Two: { type: "object", "x-note": { discriminator: { mapping: { y: "One" } } } },
      "two.yaml": { type: "string" },
    },
  },
};

describe("schemaNameMappings", () => {
  it("finds the mapping values that name a schema, not $refs, names of no schema, examples or extensions", () => {
    expect(schemaNameMappings(document)).toEqual([
      { pointer: "#/paths/~1a/patch/requestBody/content/application~1json/schema/discriminator/mapping/one", name: "One" },
      // A schema may be named like a file; Redocly found no such file, or there would be no finding.
      { pointer: "#/paths/~1a/patch/requestBody/content/application~1json/schema/discriminator/mapping/file", name: "two.yaml" },
    ]);
  });
});

describe("mayNameSchemas", () => {
  it("says whether the JSON text may have a mapping value with neither # nor /", () => {
    expect(mayNameSchemas(JSON.stringify(document))).toBe(true);
    expect(mayNameSchemas(JSON.stringify({ d: { discriminator: { mapping: { 'a"}': "#/x", b: "./f.yaml" } } } }))).toBe(false);
    // A property named `mapping` may look like one: the walk then decides (a cost, never a wrong answer).
    expect(mayNameSchemas(JSON.stringify({ properties: { mapping: { type: "object" } } }))).toBe(true);
    expect(mayNameSchemas(JSON.stringify({ description: 'see "mapping":{"a":"B"} in the docs' }))).toBe(false);
  });
});

describe("nameMappingsToRefs", () => {
  it("gives each name as its $ref in place, in extensions too (openapi-typescript reads them), never in examples", () => {
    const copy = structuredClone(document);
    expect(nameMappingsToRefs(copy)).toBe(3);
    const mapping = copy.paths["/a"].patch.requestBody.content["application/json"].schema.discriminator.mapping;
    expect(mapping).toEqual({ one: "#/components/schemas/One", ref: "#/components/schemas/Two", none: "Three", file: "#/components/schemas/two.yaml" });
    expect(copy.components.schemas.Two["x-note"].discriminator.mapping).toEqual({ y: "#/components/schemas/One" });
    expect(copy.paths["/a"].patch.requestBody.content["application/json"].example).toEqual({ discriminator: { mapping: { x: "One" } } });
  });
});
