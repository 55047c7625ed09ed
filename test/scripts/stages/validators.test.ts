import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GenerateError } from "../../../scripts/report/errors.js";
import { toJsonSchema } from "../../../scripts/stages/json-schema.js";
import validatorsStage, { assertCompiles } from "../../../scripts/stages/validators.js";

type Validate = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; keyword: string }> | null };
type Case = [string, { schema: unknown; components?: Record<string, unknown>; valid: unknown[]; invalid: unknown[] }];

const RESPONSE_POINTER = "#/paths/~1things~1{id}/put/responses/200/content/application~1json/schema";

function documentOf(openapi: string, schema: unknown, components: Record<string, unknown> = {}) {
  return {
    openapi,
    paths: { "/things/{id}": { put: { operationId: "updateThing", responses: { "200": { content: { "application/json": { schema } } } } } } },
    components: { schemas: components },
  };
}

/** Loads the module the stage emitted, as the client would. */
async function load(code: string) {
  expect(code).not.toMatch(/\brequire\(|^import /m);
  const module = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
  return module.responseValidators as Record<string, Record<string, Validate>>;
}

/** Compiles the validators of a one-operation spec and loads the emitted module. */
async function compile(openapi: string, schema: unknown, components: Record<string, unknown> = {}) {
  const { code, declarations, count } = validatorsStage(documentOf(openapi, schema, components), { file: "specs/things.yaml" });
  expect(count).toBe(1);
  expect(declarations).toContain('readonly "updateThing": { readonly "200": ValidateFunction };');
  return (await load(code)).updateThing!["200"]!;
}

const thing = { type: "object", required: ["id"], properties: { id: { type: "integer" } } };

// OpenAPI 3.0 as vendors write it: draft-04 bounds, nullable, annotations, duplicates.
const openapi30: Case[] = [
  ["maxLength counts characters, not UTF-16 units (inlined ucs2length)", { schema: { type: "string", maxLength: 2 }, valid: ["ab", "😀😀"], invalid: ["abc"] }],
  ["an enum of objects compares by value (inlined equal)", { schema: { enum: [{ a: 1 }, [1, 2]] }, valid: [{ a: 1 }, [1, 2]], invalid: [{ a: 2 }, [2, 1], { a: 1, b: 2 }] }],
  ["boolean exclusiveMinimum with minimum", { schema: { type: "number", minimum: 0, exclusiveMinimum: true }, valid: [0.5, 1], invalid: [0, -1] }],
  ["boolean exclusiveMaximum with maximum", { schema: { type: "number", maximum: 10, exclusiveMaximum: true }, valid: [9.9], invalid: [10] }],
  ["exclusiveMinimum: false alone (no bound to qualify)", { schema: { type: "integer", exclusiveMinimum: false }, valid: [0, -5], invalid: ["0"] }],
  ["exclusiveMinimum: true alone", { schema: { type: "integer", exclusiveMinimum: true }, valid: [-5], invalid: [1.5] }],
  ["a numeric exclusiveMinimum (3.1's form) in a 3.0 document", { schema: { type: "number", exclusiveMinimum: 0 }, valid: [0.1], invalid: [0] }],
  ["nullable with a type", { schema: { type: "string", nullable: true }, valid: ["a", null], invalid: [1] }],
  ["nullable: false", { schema: { type: "string", nullable: false }, valid: ["a"], invalid: [null] }],
  ["nullable with an enum that lacks null", { schema: { type: "string", enum: ["a", "b"], nullable: true }, valid: ["a", null], invalid: ["c"] }],
  ["nullable with no type", { schema: { nullable: true, properties: { a: { type: "string" } } }, valid: [null, { a: "x" }], invalid: [{ a: 1 }] }],
  ["nullable beside allOf with no type", { schema: { nullable: true, allOf: [{ $ref: "#/components/schemas/Thing" }] }, components: { Thing: thing }, valid: [null, { id: 1, extra: true }], invalid: [{}, { id: "1" }] }],
  ["nullable beside a type and allOf", { schema: { type: "object", nullable: true, allOf: [{ $ref: "#/components/schemas/Thing" }] }, components: { Thing: thing }, valid: [null, { id: 1 }], invalid: [{}] }],
  ["nullable beside a $ref", { schema: { $ref: "#/components/schemas/Thing", nullable: true }, components: { Thing: thing }, valid: [null, { id: 1 }], invalid: [{ id: "x" }, "x"] }],
  ["a $ref's siblings are ignored, as 3.0 says", { schema: { $ref: "#/components/schemas/Thing", type: "string" }, components: { Thing: thing }, valid: [{ id: 1 }], invalid: ["x"] }],
  ["example, x- extensions and a format ajv does not know", { schema: { type: "string", format: "vendor-id", example: 5, "x-internal": { $ref: "nowhere" } }, valid: ["anything"], invalid: [1] }],
  ["duplicate enum values, as vendors ship them", { schema: { type: "string", enum: ["a", "a", "b"] }, valid: ["a", "b"], invalid: ["c"] }],
  ["duplicate and empty required", { schema: { type: "object", required: ["id", "id"], properties: { id: { type: "string" }, o: { type: "object", required: [] } } }, valid: [{ id: "1", o: {} }], invalid: [{}] }],
  ["annotations are dropped, a property named description or example is kept", { schema: { type: "object", description: "x", example: {}, required: ["description", "example"], properties: { description: { type: "string" }, example: { type: "string" } } }, valid: [{ description: "d", example: "e" }], invalid: [{ description: "d" }] }],
  [
    "a $ref cycle through components",
    {
      schema: { $ref: "#/components/schemas/Node" },
      components: { Node: { type: "object", properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/components/schemas/Node" } } } } },
      valid: [{ children: [{ children: [{ name: "leaf" }] }] }],
      invalid: [{ children: [{ children: [{ name: 1 }] }] }],
    },
  ],
  ["a pattern written for another regex engine", { schema: { type: "string", pattern: "^[\\w-.]+$" }, valid: ["a-b.c"], invalid: ["a b"] }],
];

// OpenAPI 3.1: JSON Schema 2020-12.
const openapi31: Case[] = [
  ['type: [..., "null"]', { schema: { type: ["string", "null"] }, valid: ["a", null], invalid: [1] }],
  ["const", { schema: { const: "x" }, valid: ["x"], invalid: ["y"] }],
  ["prefixItems", { schema: { type: "array", prefixItems: [{ type: "string" }, { type: "integer" }] }, valid: [["a", 1], ["a"]], invalid: [[1, "a"]] }],
  [
    "$defs reached by a $ref into a component",
    { schema: { $ref: "#/components/schemas/Thing" }, components: { Thing: { type: "object", $defs: { Id: { type: "integer" } }, properties: { id: { $ref: "#/components/schemas/Thing/$defs/Id" } } } }, valid: [{ id: 1 }], invalid: [{ id: "1" }] },
  ],
  ["examples arrays", { schema: { type: "string", examples: ["a", "b"] }, valid: ["z"], invalid: [1] }],
  ["numeric exclusiveMinimum and exclusiveMaximum", { schema: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 }, valid: [0.5], invalid: [0, 1] }],
  ["a $ref's siblings apply, as 2020-12 says", { schema: { $ref: "#/components/schemas/Thing", required: ["name"] }, components: { Thing: thing }, valid: [{ id: 1, name: "n" }], invalid: [{ id: 1 }] }],
  ["boolean schemas", { schema: { type: "object", properties: { gone: false, any: true } }, valid: [{ any: 1 }], invalid: [{ gone: 1 }] }],
  ["a $schema and $id of the schema's own", { schema: { $schema: "https://spec.openapis.org/oas/3.1/dialect/base", $id: "https://example.test/x", type: "string" }, valid: ["a"], invalid: [1] }],
  [
    "draft-04's boolean bounds, as a 3.1 document that declares draft-04 writes them (ReadMe's oas-examples)",
    { schema: { $schema: "http://json-schema.org/draft-04/schema#", type: "number", minimum: 10, maximum: 20, exclusiveMinimum: true, exclusiveMaximum: true }, valid: [10.5, 19.5], invalid: [10, 20] },
  ],
  ["a boolean exclusiveMaximum that is false, or has no bound, qualifies nothing", { schema: { type: "number", maximum: 20, exclusiveMaximum: false, exclusiveMinimum: true }, valid: [20, -5], invalid: [21] }],
];

describe("validators stage", () => {
  it.each(openapi30)("OpenAPI 3.0: %s", async (_name, { schema, components, valid, invalid }) => {
    const validate = await compile("3.0.3", schema, components);
    for (const value of valid) expect(validate(value), JSON.stringify(value)).toBe(true);
    for (const value of invalid) expect(validate(value), JSON.stringify(value)).toBe(false);
  });

  it.each(openapi31)("OpenAPI 3.1: %s", async (_name, { schema, components, valid, invalid }) => {
    const validate = await compile("3.1.0", schema, components);
    for (const value of valid) expect(validate(value), JSON.stringify(value)).toBe(true);
    for (const value of invalid) expect(validate(value), JSON.stringify(value)).toBe(false);
  });

  it("reports every problem with its JSON pointer", async () => {
    const validate = await compile("3.0.3", { type: "object", required: ["id", "name"], properties: { id: { type: "string" }, name: { type: "string" } } });
    expect(validate({ id: 5 })).toBe(false);
    expect(validate.errors?.map((e) => [e.instancePath, e.keyword])).toEqual([
      ["", "required"],
      ["/id", "type"],
    ]);
  });

  it("compiles a published 3.0 spec whose update responses use boolean exclusiveMinimum (doqs.dev)", async () => {
    const document = JSON.parse(readFileSync(new URL("../../fixtures/specs/doqs.dev.json", import.meta.url), "utf8"));
    const { code, count } = validatorsStage(document, { file: "doqs.dev.json" });
    expect(count).toBe(2);
    const validate = (await load(code)).update!["200"]!;
    const template = { id: "t1", name: "Invoice", pages: 1, size_bytes: 10, created_at: "2024-01-01T00:00:00Z" };
    expect(validate({ results: template }), JSON.stringify(validate.errors)).toBe(true);
    // Template.pages: minimum 0 with exclusiveMinimum: true, so 0 itself is out (draft-04 reports it as `minimum`).
    expect(validate({ results: { ...template, pages: 0 } })).toBe(false);
    expect(validate.errors?.map((e) => [e.instancePath, e.keyword])).toEqual([["/results/pages", "minimum"]]);
  });

  it("ignores component schemas no call reaches, however broken", async () => {
    const components = { Thing: thing, Broken: { type: "number", minimum: "zero", enum: [] }, Cyclic: { $ref: "#/components/schemas/Missing" } };
    const validate = await compile("3.0.3", { $ref: "#/components/schemas/Thing" }, components);
    expect(validate({ id: 1 })).toBe(true);
  });

  it("names the spec and the pointer of a schema ajv cannot compile", () => {
    const run = (schema: unknown, components = {}) => () => validatorsStage(documentOf("3.0.3", schema, components), { file: "specs/things.yaml" });
    expect(run({ type: "object", properties: { n: { type: "number", minimum: "zero" } } })).toThrow(GenerateError);
    expect(run({ type: "object", properties: { n: { type: "number", minimum: "zero" } } })).toThrow(
      `specs/things.yaml: ${RESPONSE_POINTER}: cannot build its response validator: schema is invalid: data/properties/n/minimum must be number`,
    );
    expect(run({ $ref: "#/components/schemas/Broken" }, { Broken: { type: "strin" } })).toThrow(/^specs\/things\.yaml: #\/components\/schemas\/Broken: cannot build its response validator: /);
    expect(run({ $ref: "#/components/schemas/Missing" })).toThrow(`specs/things.yaml: ${RESPONSE_POINTER}: cannot build its response validator: its $ref "#/components/schemas/Missing" points at nothing`);
    expect(run({ type: "string", pattern: "(" })).toThrow(`specs/things.yaml: ${RESPONSE_POINTER}: cannot build its response validator: `);
  });

  it("validates a schema reached by a $ref into a response or a path", async () => {
    const document = {
      openapi: "3.0.3",
      paths: {
        "/a": { put: { operationId: "putA", responses: { "200": { $ref: "#/components/responses/A" } } } },
        "/b": {
          patch: {
            operationId: "patchB",
            responses: { "201": { content: { "application/vnd.api+json": { schema: { type: "object", properties: { x: { $ref: "#/components/responses/A/content/application~1json/schema/properties/x" } } } } } } },
          },
        },
      },
      components: { responses: { A: { description: "A", content: { "application/json": { schema: { type: "object", properties: { x: { type: "integer" } } } } } } } },
    };
    const validators = await load(validatorsStage(document).code);
    expect(validators.putA!["200"]!({ x: 1 })).toBe(true);
    expect(validators.putA!["200"]!({ x: "1" })).toBe(false);
    expect(validators.patchB!["201"]!({ x: 2 })).toBe(true);
    expect(validators.patchB!["201"]!({ x: "2" })).toBe(false);
  });

  // ajv's standalone code declares a validator once per export of it: two exports of one schema made a module that
  // does not load (GitHub's spec, whose calls share responses from components/responses).
  it("writes a module that loads when calls share one response object, and validates each call with it", async () => {
    const shared = { $ref: "#/components/responses/Thing" };
    const document = {
      openapi: "3.0.3",
      paths: {
        "/a": { put: { operationId: "putA", responses: { "200": shared } } },
        "/b": { patch: { operationId: "patchB", responses: { "200": shared, "201": shared } } },
      },
      components: { responses: { Thing: { description: "A thing", content: { "application/json": { schema: thing } } } } },
    };
    const { code, count } = validatorsStage(document);
    expect(count).toBe(3);
    const validators = await load(code);
    for (const validate of [validators.putA!["200"]!, validators.patchB!["200"]!, validators.patchB!["201"]!]) {
      expect(validate({ id: 1 })).toBe(true);
      expect(validate({ id: "1" })).toBe(false);
    }
    expect(validators.patchB!["201"]).toBe(validators.putA!["200"]);
  });

  it("refuses, naming the spec, a module that declares a name twice, as loading it would", async () => {
    const twice = "function validate1(data) { return true; }\nexport const response0 = validate1;function validate1(data) { return false; }\nexport const responseValidators = {};\n";
    await expect(load(twice)).rejects.toThrow(/already been declared/);
    const refused = (() => {
      try {
        assertCompiles(twice, "specs/things.yaml");
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(GenerateError);
    expect(refused).toMatchObject({ file: "specs/things.yaml", message: expect.stringMatching(/cannot build the response validators: .*Identifier 'validate1' has already been declared/) });
    // What the words `export const` inside a string become does not matter: nothing runs.
    expect(() => assertCompiles('export const a = 1;const b = "export const a = 2";\n', undefined)).not.toThrow();
  });

  it("validates the calls an overlay marks with x-client-call, and not those it opts out", async () => {
    const ok = { "200": { content: { "application/json": { schema: { type: "string" } } } } };
    const document = {
      openapi: "3.0.3",
      paths: {
        "/x": {
          get: { operationId: "getX", "x-client-call": true, responses: ok },
          post: { operationId: "postX", responses: ok },
          put: { operationId: "putX", "x-client-call": false, responses: ok },
          patch: { operationId: "patchX", responses: ok },
        },
      },
    };
    const { code, count, declarations } = validatorsStage(document);
    expect(count).toBe(2);
    expect(Object.keys(await load(code)).sort()).toEqual(["getX", "patchX"]);
    expect(declarations).not.toContain("putX");
  });
});

describe("toJsonSchema", () => {
  const mapRef = (ref: string) => `mapped:${ref}`;
  it("rewrites only what ajv's dialects do not take", () => {
    expect(toJsonSchema({ type: "integer", nullable: true, enum: [1, 1, 2], "x-a": 1, example: 1 }, { dialect: "draft-04", mapRef })).toEqual({ type: ["integer", "null"], enum: [1, 2, null] });
    expect(toJsonSchema({ $ref: "#/a", nullable: true, description: "d" }, { dialect: "draft-04", mapRef })).toEqual({ anyOf: [{ $ref: "mapped:#/a" }, { type: "null" }] });
    expect(toJsonSchema({ $ref: "#/a", minLength: 1 }, { dialect: "2020-12", mapRef })).toEqual({ $ref: "mapped:#/a", minLength: 1 });
    expect(toJsonSchema({ minimum: 1, exclusiveMinimum: true, exclusiveMaximum: false }, { dialect: "draft-04", mapRef })).toEqual({ minimum: 1, exclusiveMinimum: true });
    expect(toJsonSchema({ type: "object", required: [] }, { dialect: "draft-04", mapRef })).toEqual({ type: "object" });
    expect(toJsonSchema({ enum: [{ b: 1, a: 2 }, { a: 2, b: 1 }] }, { dialect: "2020-12", mapRef })).toEqual({ enum: [{ b: 1, a: 2 }] });
    expect(toJsonSchema({ const: { $ref: "#/data" }, default: { $ref: "#/data" } }, { dialect: "2020-12", mapRef })).toEqual({ const: { $ref: "#/data" }, default: { $ref: "#/data" } });
  });
});
