import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import typesStage from "../../../scripts/stages/types.js";
import { dropRedeclaredDiscriminators, scanDiscriminators } from "../../../scripts/stages/type-discriminators.js";
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

describe("dropRedeclaredDiscriminators", () => {
  // Reduced from apple.com's sirikit-cloud-media (test/fixtures/corpus/apple-sirikit-cloud-media.json): children of a
  // discriminator that declare its property themselves, one named in the mapping and one not.
  const Base = { type: "object", required: ["class"], properties: { class: { type: "string" } }, discriminator: { propertyName: "class", mapping: { Other: "#/components/schemas/Other" } } };
  const child = (name: string) => ({ allOf: [{ $ref: "#/components/schemas/Base" }], type: "object", properties: { class: { type: "string", enum: [name] }, n: { type: "integer" } } });
  const document = () => ({
    openapi: "3.0.1",
    info: { title: "t", version: "1" },
    paths: { "/r": { get: { responses: { 200: { description: "ok", content: { "application/json": { schema: child("Inline") } } } } } } },
    components: {
      schemas: {
        Base,
        Other: child("Other"),
        Child: child("Child"),
        Holder: { type: "object", properties: { p: child("P") } },
        Any: { anyOf: [{ $ref: "#/components/schemas/Base" }], properties: { class: { type: "string" } } },
        Own: { allOf: [{ $ref: "#/components/schemas/Base" }], discriminator: { propertyName: "class" }, properties: { class: { type: "string" } } },
      },
    },
  });
  /** One schema's type in the printed types: from its name to the next schema's, or to the end of `schemas`. */
  const typeOf = (text: string, name: string) => {
    const start = text.indexOf(`\n        ${name}: `);
    expect(start).toBeGreaterThan(0);
    return text.slice(start, start + 1 + text.slice(start + 1).search(/\n {8}\w+: |\n {4}\};/));
  };

  it("drops only the declaration of a component the library gives the property to, so the property is declared once", () => {
    const scanned = document();
    const discriminators = scanDiscriminators(scanned, { silent: true });
    const dropped = structuredClone(scanned);
    expect(dropRedeclaredDiscriminators(dropped, discriminators)).toEqual(["#/components/schemas/Child"]);
    // Nothing else moved: the mapped child (patched by the scan), the inline and nested children (which the library
    // looks up by another path, and so gives no property), the anyOf one (not a child in the scan) and the one with
    // its own discriminator are as the scan left them.
    const { class: _, ...rest } = scanned.components.schemas.Child.properties;
    expect(dropped).toEqual({ ...scanned, components: { schemas: { ...scanned.components.schemas, Child: { ...scanned.components.schemas.Child, properties: rest } } } });
  });

  it("makes the types of such a schema compile: the discriminator's literal, once", () => {
    const text = typesStage(document());
    const type = typeOf(text, "Child");
    expect(type).toContain('class: "Child";');
    expect(type.match(/\bclass\??:/g)).toHaveLength(1);
    // The others print as openapi-typescript prints them: the mapped child keeps its own optional property beside the scan's.
    expect(typeOf(text, "Other").match(/\bclass\??:/g)).toHaveLength(2);
    expect(text).toContain('class?: "Inline";');
  });

  it("finds nothing to drop in the corpus but apple.com's, nor in GitHub's spec", () => {
    const found: Record<string, string[]> = {};
    for (const file of realJsonSpecs) {
      const parsed = JSON.parse(readFileSync(file, "utf8"));
      const dropped = dropRedeclaredDiscriminators(parsed, scanDiscriminators(parsed, { silent: true }));
      if (dropped.length > 0) found[path.basename(file)] = dropped;
    }
    expect(found).toEqual({
      "apple-sirikit-cloud-media.json": ["#/components/schemas/AddMediaMediaDestinationResolutionResult", "#/components/schemas/PlaybackRepeatModeResolutionResult"],
    });
  });
});
