import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import compileCheckStage from "../../../scripts/stages/compile-check.js";
import { hoistRecursiveSchemas, recursiveSchemas } from "../../../scripts/stages/type-recursion.js";
import typesStage from "../../../scripts/stages/types.js";

const projectRoot = fileURLToPath(new URL("../../..", import.meta.url));
const ref = (name: string) => ({ $ref: `#/components/schemas/${name.replaceAll("~", "~0").replaceAll("/", "~1")}` });

/** A spec whose one call answers with schema `answer`, among `schemas`. */
function spec(schemas: Record<string, unknown>, answer: string) {
  return {
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    paths: { "/v": { get: { operationId: "getV", responses: { "200": { description: "ok", content: { "application/json": { schema: ref(answer) } } } } } } },
    components: { schemas },
  };
}

/** vercel.com's EdgeConfigItemValue, without its `type: "null"` (which makes it unsatisfiable): a JSON value. */
const jsonValue = {
  oneOf: [{ type: "string" }, { type: "number" }, { type: "boolean" }, { type: "object", additionalProperties: ref("Value") }, { type: "array", items: ref("Value") }],
};

/** The compile check's errors for `source`, as "TSxxxx message" (none: it compiles). */
async function errors(source: string) {
  const error = await compileCheckStage(source, { name: "v", file: "specs/v.json", document: {}, projectRoot }).catch((e: { details?: string[] }) => e);
  return (error?.details ?? []).map((line) => line.replace(/^.*?: (TS\d+) /, "$1 "));
}

describe("recursiveSchemas", () => {
  it("finds schemas whose type reaches themselves through an array, not through an object type", () => {
    const schemas = {
      Value: jsonValue,
      // Through an object's properties: the reference waits, as openapi-typescript prints it.
      Node: { type: "object", properties: { children: { type: "array", items: ref("Node") } } },
      // Two that reach each other through arrays, one of them by a $ref alone.
      Even: { oneOf: [{ type: "string" }, { type: "array", items: ref("Odd") }] },
      Odd: ref("Even"),
      // A union or intersection of itself with no array: a type made of itself, left to the compile check.
      Loop: { oneOf: [ref("Again"), { type: "string" }] },
      Again: { allOf: [ref("Loop")] },
      // Refers to a recursive schema without being part of its cycle.
      Holder: { type: "array", items: ref("Value") },
      "a/b~c": { anyOf: [{ type: "integer" }, { type: "array", prefixItems: [ref("a/b~c")] }] },
    };
    expect(recursiveSchemas(spec(schemas, "Value"))).toEqual(["Value", "Even", "Odd", "a/b~c"]);
    expect(recursiveSchemas({ openapi: "3.1.0", paths: {} })).toEqual([]);
  });

  it("leaves text alone when there is nothing to move", () => {
    const text = 'export interface components {\n    schemas: {\n        A: string;\n    };\n}\n';
    expect(hoistRecursiveSchemas(text, [])).toBe(text);
    expect(hoistRecursiveSchemas(text, ["Missing"])).toBe(text);
  });
});

describe("types of recursive schemas", () => {
  it("compile, and mean the JSON value the schema describes (vercel.com's EdgeConfigItemValue)", async () => {
    const types = typesStage(spec({ Value: jsonValue }, "Value"));
    expect(types).toContain("Value: RecursiveSchema0;");
    expect(types).toMatch(/^type RecursiveSchema0 = string \| number \| boolean \| \{\s+\[key: string\]: RecursiveSchema0;\s+\} \| RecursiveSchema0\[\];$/m);
    expect(await errors(types)).toEqual([]);
    const Value = 'components["schemas"]["Value"]';
    expect(await errors(`${types}\nconst ok: ${Value} = ["a", [1, { b: [true] }]]; void ok;\n`)).toEqual([]);
    expect(await errors(`${types}\nconst wrong: ${Value} = [null]; void wrong;\n`)).toEqual([expect.stringMatching(/^TS2322 /)]);
    // As openapi-typescript prints it, the member refers to itself: TS2502.
    const theirs = types.replace("Value: RecursiveSchema0;", `Value: string | number | boolean | { [key: string]: ${Value} } | ${Value}[];`);
    expect(await errors(theirs)).toEqual([expect.stringMatching(/^TS2502 'Value' is referenced directly or indirectly in its own type annotation/)]);
  });

  it("compile for two schemas that reach each other, a name that needs quotes, and one that only refers to them", async () => {
    const schemas = {
      Even: { oneOf: [{ type: "string" }, { type: "array", items: ref("Odd") }] },
      Odd: { oneOf: [{ type: "number" }, { type: "array", items: ref("Even") }] },
      "a/b": { anyOf: [{ type: "integer" }, { type: "array", items: ref("a/b") }] },
      Holder: { type: "object", properties: { even: ref("Even"), ab: ref("a/b") } },
    };
    const types = typesStage(spec(schemas, "Holder"));
    expect(types).toContain("Even: RecursiveSchema0;");
    expect(types).toContain("Odd: RecursiveSchema1;");
    expect(types).toContain('"a/b": RecursiveSchema2;');
    expect(types).toMatch(/^type RecursiveSchema0 = string \| RecursiveSchema1\[\];$/m);
    expect(await errors(types)).toEqual([]);
    const Holder = 'components["schemas"]["Holder"]';
    // Even is a string or a list of Odd; Odd a number or a list of Even.
    expect(await errors(`${types}\nconst ok: ${Holder} = { even: [1, ["s", [2]]], ab: [1, [2, [3]]] }; void ok;\n`)).toEqual([]);
    expect(await errors(`${types}\nconst wrong: ${Holder} = { even: ["s"] }; void wrong;\n`)).toEqual([expect.stringMatching(/^TS2322 /)]);
  });
});
