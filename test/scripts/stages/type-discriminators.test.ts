import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanDiscriminators } from "../../../scripts/stages/type-discriminators.js";
import { realJsonSpecs } from "../../helpers/real-specs.js";

// Our copy of openapi-typescript's scan must be the library's, result and patches: the types' text depends on both.
const library = createRequire(import.meta.url)("openapi-typescript/dist/lib/utils.cjs").scanDiscriminators;

/** Both scans, each on its own copy of `text`: what they return and the documents they leave. */
function both(text: string) {
  const theirs = JSON.parse(text);
  const ours = JSON.parse(text);
  return { theirs: { result: library(theirs, { silent: true }), document: theirs }, ours: { result: scanDiscriminators(ours, { silent: true }), document: ours } };
}

describe("scanDiscriminators", () => {
  it("returns and patches what openapi-typescript's does on real specs", () => {
    const withDiscriminators = realJsonSpecs.filter((file) => readFileSync(file, "utf8").includes('"discriminator"'));
    // The corpus has two, and GitHub's spec has four (in `paths`).
    expect(withDiscriminators.map((file) => path.basename(file))).toEqual(expect.arrayContaining(["doqs.json", "ix-api.json", "api.github.com.json"]));
    let patched = 0;
    for (const file of withDiscriminators) {
      const { theirs, ours } = both(readFileSync(file, "utf8"));
      expect(ours.result, file).toEqual(theirs.result);
      expect(ours.document, file).toEqual(theirs.document);
      patched += ours.result.refsHandled.length;
    }
    expect(patched).toBeGreaterThan(0);
  });

  it("takes each branch as the library does: inferred and mapped values, allOf, chains, arrays, escapes, invalid targets", () => {
    const schemas = {
      Pet: {
        type: "object",
        discriminator: { propertyName: "kind", mapping: { kitty: "#/components/schemas/Cat", pup: "#/components/schemas/Alias", odd: "#/components/schemas/Name" } },
        oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Bird" }, { type: "object" }],
        properties: { kind: { type: "string", description: "what it is" } },
      },
      Cat: { type: "object", properties: { kind: { type: "string", description: "overwritten" } }, required: ["name"] },
      Bird: { allOf: [{ type: "object" }] },
      Alias: { $ref: "#/components/schemas/Dog" },
      Dog: { type: "object", required: ["kind"] },
      Name: { type: "string" },
      Fish: { allOf: [{ $ref: "#/components/schemas/Pet" }, { type: "object" }] },
      Lizard: { allOf: [{ $ref: "#/components/schemas/Fish" }] },
      "a/b~c": { allOf: [{ discriminator: { propertyName: "tag" } }, { $ref: "#/components/schemas/Nowhere" }] },
      Box: { discriminator: { propertyName: "kind", mapping: { fish: "#/components/schemas/Fish", empty: "" } }, oneOf: [{ $ref: "#/components/schemas/Cat" }] },
    };
    const document = {
      openapi: "3.1.0",
      paths: { "/pets": { get: { parameters: [{ name: "p", in: "query", schema: { discriminator: { propertyName: "kind" }, oneOf: [{ $ref: "#/components/schemas/Dog" }] } }] } } },
      components: { schemas },
    };
    const { theirs, ours } = both(JSON.stringify(document));
    expect(ours.result).toEqual(theirs.result);
    expect(ours.document).toEqual(theirs.document);
    // Not a vacuous comparison: the scan found discriminators (one under an array index, one under an escaped key) and patched schemas.
    expect(Object.keys(ours.result.objects)).toEqual(expect.arrayContaining(["#/paths/~1pets/get/parameters/0/schema", "#/components/schemas/a~1b~0c"]));
    expect(ours.result.refsHandled.length).toBeGreaterThan(2);
    expect(ours.document).not.toEqual(document);
  });
});
