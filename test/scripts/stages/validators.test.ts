import { describe, expect, it } from "vitest";
import validatorsStage from "../../../scripts/stages/validators.js";

type Validate = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; keyword: string }> | null };

/** Compiles the validators of a one-operation spec and loads the emitted module. */
async function compile(schema: Record<string, unknown>, components: Record<string, unknown> = {}) {
  const document = {
    openapi: "3.0.3",
    paths: { "/things/{id}": { put: { operationId: "updateThing", responses: { "200": { content: { "application/json": { schema } } } } } } },
    components: { schemas: components },
  };
  const { code, declarations, count } = validatorsStage(document);
  expect(count).toBe(1);
  expect(code).not.toMatch(/\brequire\(|^import /m);
  expect(declarations).toContain('readonly "updateThing": { readonly "200": ValidateFunction };');
  const module = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
  return module.responseValidators.updateThing["200"] as Validate;
}

// Cases that make ajv reach for its runtime helpers or reject OpenAPI 3.0 idioms (seen in GitHub's spec).
const cases: Array<[string, { schema: Record<string, unknown>; components?: Record<string, unknown>; valid: unknown[]; invalid: unknown[] }]> = [
  ["minLength counts characters, not UTF-16 units (inlined ucs2length)", { schema: { type: "string", maxLength: 2 }, valid: ["ab", "😀😀"], invalid: ["abc"] }],
  ["an enum of objects compares by value (inlined equal)", { schema: { enum: [{ a: 1 }, [1, 2]] }, valid: [{ a: 1 }, [1, 2]], invalid: [{ a: 2 }, [2, 1], { a: 1, b: 2 }] }],
  [
    "nullable beside allOf with no type",
    { schema: { nullable: true, allOf: [{ $ref: "#/components/schemas/Thing" }] }, components: { Thing: { type: "object", required: ["id"], properties: { id: { type: "integer" } } } }, valid: [null, { id: 1, extra: true }], invalid: [{}, { id: "1" }] },
  ],
  ["annotations are dropped, a property named description is kept", { schema: { type: "object", description: "x", example: {}, required: ["description"], properties: { description: { type: "string" } } }, valid: [{ description: "d" }], invalid: [{}] }],
];

describe("validators stage", () => {
  it.each(cases)("%s", async (_name, { schema, components, valid, invalid }) => {
    const validate = await compile(schema, components);
    for (const value of valid) expect(validate(value), JSON.stringify(value)).toBe(true);
    for (const value of invalid) expect(validate(value), JSON.stringify(value)).toBe(false);
  });

  it("reports every problem with its JSON pointer", async () => {
    const validate = await compile({ type: "object", required: ["id", "name"], properties: { id: { type: "string" }, name: { type: "string" } } });
    expect(validate({ id: 5 })).toBe(false);
    expect(validate.errors?.map((e) => [e.instancePath, e.keyword])).toEqual([
      ["", "required"],
      ["/id", "type"],
    ]);
  });
});
