import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { diffSpecs, hasBreaking, type Report } from "../../../scripts/diff/index.js";

const fixture = (name: string, side: "old" | "new") =>
  parse(readFileSync(new URL(`../../fixtures/diff/${name}/${side}.yaml`, import.meta.url), "utf8"));

/** One line per change: "<severity> <operation> <path> <kind>", in report order. */
const lines = (report: Report) =>
  report.operations.flatMap(({ operation, changes }) => changes.map((c) => `${c.severity} ${operation} ${c.path} ${c.kind}`));

const body = "$.requestBody.content['application/json'].schema";
const ok = "$.responses['200'].content['application/json'].schema";

const cases: [string, { given: string; want: string[] }][] = [
  [
    "operations and paths removed, added, and a path parameter renamed",
    {
      given: "operations",
      want: [
        "breaking GET /legacy $ path-removed",
        "breaking POST /products $ method-removed",
        "breaking GET /products/{productRef} $.parameters.path.id parameter-removed",
        "breaking GET /products/{productRef} $.parameters.path.productRef required-parameter-added",
        "non-breaking GET /reports $ operation-added",
      ],
    },
  ],
  [
    "parameters added, removed, made required, retyped, narrowed to an enum",
    {
      given: "parameters",
      want: [
        "breaking GET /products $.parameters.query.account required-parameter-added",
        "breaking GET /products $.parameters.query.limit type-changed",
        "breaking GET /products $.parameters.query.page parameter-made-required",
        "breaking GET /products $.parameters.query.q parameter-removed",
        "breaking GET /products $.parameters.query.region enum-added",
        "non-breaking GET /products $.parameters.query.sort optional-parameter-added",
      ],
    },
  ],
  [
    "request body properties narrowed, removed, newly required",
    {
      given: "request-body",
      want: [
        `breaking PUT /v1/sdk/products/{productRef} ${body}.code constraint-tightened`,
        `breaking PUT /v1/sdk/products/{productRef} ${body}.currency required-property-added`,
        `breaking PUT /v1/sdk/products/{productRef} ${body}.legacyId property-removed`,
        `breaking PUT /v1/sdk/products/{productRef} ${body}.note nullable-removed`,
        `breaking PUT /v1/sdk/products/{productRef} ${body}.price property-made-required`,
        `breaking PUT /v1/sdk/products/{productRef} ${body}.price type-narrowed`,
        `breaking PUT /v1/sdk/products/{productRef} ${body}.sku constraint-tightened`,
        `breaking PUT /v1/sdk/products/{productRef} ${body}.status enum-value-removed`,
        `breaking PUT /v1/sdk/products/{productRef} ${body}.tags[*] type-changed`,
        `non-breaking PUT /v1/sdk/products/{productRef} ${body}.description optional-property-added`,
      ],
    },
  ],
  [
    "response properties removed, optional, nullable, retyped; 2xx and media types removed",
    {
      given: "responses",
      want: [
        "breaking-response GET /export $.responses['200'].content response-media-type-changed",
        "breaking-response POST /products $.responses['201'] response-removed",
        "non-breaking POST /products $.responses['200'] response-added",
        `breaking-response GET /products/{id} ${ok}.id type-changed`,
        `breaking-response GET /products/{id} ${ok}.legacy property-removed`,
        `breaking-response GET /products/{id} ${ok}.name property-made-optional`,
        `breaking-response GET /products/{id} ${ok}.price made-nullable`,
        `breaking-response GET /products/{id} ${ok}.status enum-value-added`,
        `non-breaking GET /products/{id} ${ok}.createdAt property-added`,
        "non-breaking GET /products/{id} $.responses['404'] response-removed",
      ],
    },
  ],
  [
    "a shared schema change is reported once per operation using it",
    {
      given: "shared-schema",
      want: [
        `breaking-response GET /products ${ok}[*].price.amount type-changed`,
        `breaking-response GET /products/{id} ${ok}.price.amount type-changed`,
      ],
    },
  ],
  ["a renamed but identical $ref target is no change", { given: "renamed-ref", want: [] }],
  [
    "cyclic schemas terminate and report the change once per use",
    {
      given: "cycle",
      want: [
        `non-breaking PUT /categories ${body}.owner.id type-widened`,
        `breaking-response GET /categories ${ok}.owner.id type-widened`,
      ],
    },
  ],
  ["3.0 nullable and 3.1 type arrays / null variants read alike", { given: "nullable-3.0-to-3.1", want: [] }],
  ["descriptions and examples are counted, not listed", { given: "docs-only", want: [] }],
];

describe("diffSpecs", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    const report = diffSpecs(fixture(given, "old"), fixture(given, "new"));
    expect(lines(report)).toEqual(want);
    expect(hasBreaking(report)).toBe(want.some((line) => line.startsWith("breaking")));
  });

  it("names old and new types", () => {
    const report = diffSpecs(fixture("request-body", "old"), fixture("request-body", "new"));
    const price = report.operations[0]?.changes.find((c) => c.kind === "type-narrowed");
    expect(price).toMatchObject({ path: `${body}.price`, from: "number", to: "integer" });
    const note = report.operations[0]?.changes.find((c) => c.kind === "nullable-removed");
    expect(note).toMatchObject({ from: "string | null", to: "string" });
  });

  it("marks enum values added to a response as breaking exhaustive switches", () => {
    const report = diffSpecs(fixture("responses", "old"), fixture("responses", "new"));
    const added = report.operations.flatMap((o) => o.changes).find((c) => c.kind === "enum-value-added");
    expect(added?.message).toContain('"retired"');
    expect(added?.message).toContain("breaks exhaustive switches");
  });

  it.each([
    ["docs-only", { breaking: 0, breakingResponse: 0, nonBreaking: 0, descriptions: 2, examples: 2 }],
    ["responses", { breaking: 0, breakingResponse: 7, nonBreaking: 3, descriptions: 0, examples: 0 }],
    ["request-body", { breaking: 9, breakingResponse: 0, nonBreaking: 1, descriptions: 0, examples: 0 }],
  ])("counts %s", (given, want) => {
    expect(diffSpecs(fixture(given, "old"), fixture(given, "new")).counts).toEqual(want);
  });

  it.each(["specs/solvapay.yaml", "specs/chatdash.yaml"])("reports nothing for %s against itself", (file) => {
    const text = readFileSync(new URL(`../../../${file}`, import.meta.url), "utf8");
    const report = diffSpecs(parse(text), parse(text));
    expect(report).toEqual({ operations: [], counts: { breaking: 0, breakingResponse: 0, nonBreaking: 0, descriptions: 0, examples: 0 }, warnings: [], calls: { total: expect.any(Number), broken: 0 }, incomplete: false, unresolved: [] });
    expect(hasBreaking(report)).toBe(false);
  });

  it("is deterministic and JSON-serialisable", () => {
    const run = () => JSON.stringify(diffSpecs(fixture("responses", "old"), fixture("responses", "new")));
    expect(run()).toBe(run());
    expect(JSON.parse(run())).toEqual(diffSpecs(fixture("responses", "old"), fixture("responses", "new")));
  });

  it("sorts operations by path, then method", () => {
    const report = diffSpecs(fixture("operations", "old"), fixture("operations", "new"));
    expect(report.operations.map((o) => o.operation)).toEqual(["GET /legacy", "POST /products", "GET /products/{productRef}", "GET /reports"]);
  });

  it("compares what resolves in a release with $refs to nothing, and lists those $refs", () => {
    const report = diffSpecs(fixture("broken-refs", "old"), fixture("broken-refs", "new"));
    // Real changes are still found; nothing hanging off a broken $ref is reported as changed or removed.
    expect(lines(report)).toEqual([
      "breaking GET /legacy $ path-removed",
      `breaking POST /orders ${body}.sku property-made-required`,
      `breaking-response POST /orders ${ok}.status enum-value-added`,
    ]);
    expect(report.incomplete).toBe(true);
    expect(report.unresolved).toEqual([
      { spec: "new", ref: "#/components/parameters/Acount", pointer: "#/paths/~1orders/post/parameters/0" },
      { spec: "new", ref: "#/components/responses/Missing", pointer: "#/paths/~1orders~1{id}/get/responses/200" },
      { spec: "new", ref: "#/components/pathItems/Itemz", pointer: "#/paths/~1items" },
      { spec: "new", ref: "#/components/schemas/Client", pointer: "#/components/schemas/Order/properties/customer" },
    ]);
  });

  it("reports operationId renames and the generated calls renamed with them, calls first", () => {
    const report = diffSpecs(fixture("operation-ids", "old"), fixture("operation-ids", "new"));
    expect(report.operations.map(({ operation, call, changes }) => [operation, call, changes.map((c) => `${c.severity} ${c.kind} ${c.from} -> ${c.to}`)])).toEqual([
      ["PUT /products/{productId}", "replace", ["breaking call-renamed update -> replace", "breaking operation-id-renamed ProductController_update -> ProductController_replace"]],
      ["PATCH /products/{productId}", "patchProduct", ["breaking call-renamed patchProducts -> patchProduct", "non-breaking operation-id-added none -> patchProduct"]],
      ["GET /products/{productId}", undefined, ["breaking operation-id-renamed ProductController_get -> ProductController_find"]],
    ]);
    expect(report.calls).toEqual({ total: 2, broken: 2 });
  });

  it.each([
    ["1.0", ["breaking changes, but info.version is still \"1.0\": the vendor did not mark this release"]],
    ["1.1", []],
  ])("warns about breaking changes under an unchanged info.version (new version %s)", (version, want) => {
    const next = fixture("operation-ids", "new");
    next.info.version = version;
    expect(diffSpecs(fixture("operation-ids", "old"), next).warnings).toEqual(want);
  });

  it("treats a $ref chain that loops as pointing nowhere", () => {
    const doc = { openapi: "3.1.0", paths: { "/a": { get: { responses: { 200: { $ref: "#/components/responses/A" } } } } }, components: { responses: { A: { $ref: "#/components/responses/A" } } } };
    const report = diffSpecs(doc, doc);
    expect(report.operations).toEqual([]);
    expect(report.unresolved.map((u) => u.pointer)).toEqual(["#/paths/~1a/get/responses/200", "#/components/responses/A", "#/paths/~1a/get/responses/200", "#/components/responses/A"]);
  });

  it("throws on a non-object document", () => {
    expect(() => diffSpecs(null as never, { openapi: "3.1.0" })).toThrow(/the old spec is not an object/);
  });
});
