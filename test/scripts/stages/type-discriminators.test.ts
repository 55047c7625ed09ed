import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { scanDiscriminators } from "../../../scripts/stages/type-discriminators.js";

const projectRoot = fileURLToPath(new URL("../../..", import.meta.url));
const CORPUS = path.join(projectRoot, "test", "fixtures", "corpus");
const library = createRequire(import.meta.url)("openapi-typescript/dist/lib/utils.cjs") as { scanDiscriminators: typeof scanDiscriminators };

/** Both scans on copies of the document: their results and the documents they patched. */
function both(document: object) {
  const theirs = structuredClone(document);
  const ours = structuredClone(document);
  return {
    theirs: { result: library.scanDiscriminators(theirs, { silent: true }), document: theirs },
    ours: { result: scanDiscriminators(ours, { silent: true }), document: ours },
  };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe("scanDiscriminators (openapi-typescript's, with a walk that does not copy the path)", () => {
  it.each(readdirSync(CORPUS).filter((f) => /\.(json|ya?ml)$/.test(f)))("finds and patches what openapi-typescript's does in corpus/%s", (file) => {
    const { theirs, ours } = both(YAML.parse(readFileSync(path.join(CORPUS, file), "utf8")));
    expect(ours.result).toEqual(theirs.result);
    expect(JSON.stringify(ours.document)).toBe(JSON.stringify(theirs.document));
  });

  it("patches mapped and inferred oneOf members, allOf children and arrays that a patch grows, as openapi-typescript does", () => {
    const document = {
      openapi: "3.0.3",
      paths: { "/pets": { get: { responses: { "200": { content: { "application/json": { schema: { oneOf: [ref("Cat"), ref("Dog")], discriminator: { propertyName: "kind" } } } } } } } } },
      components: {
        schemas: {
          Pet: { type: "object", required: ["kind"], properties: { kind: { type: "string", description: "which" } }, discriminator: { propertyName: "kind", mapping: { cat: "#/components/schemas/Cat", lizard: "#/components/schemas/Lizard" } } },
          Cat: { allOf: [ref("Pet"), { type: "object", properties: { purrs: { type: "boolean" } } }] },
          Dog: { type: "object", properties: { barks: { type: "boolean" } } },
          Lizard: { allOf: [ref("Pet")] },
          Any: { oneOf: [ref("Dog"), ref("Missing")], discriminator: { propertyName: "type", mapping: { x: "#/components/schemas/Nowhere" } } },
        },
      },
    };
    const { theirs, ours } = both(document);
    expect(Object.keys(theirs.result.refsHandled).length).toBeGreaterThan(1);
    expect(ours.result).toEqual(theirs.result);
    expect(ours.document).toEqual(theirs.document);
  });
});
