import { describe, expect, it } from "vitest";
import { formatChangesEntry, formatReport, type Report } from "../../../scripts/diff/index.js";

const report: Report = {
  operations: [
    {
      operation: "PUT /v1/sdk/products/{productRef}",
      changes: [
        { kind: "type-narrowed", severity: "breaking", path: "$.requestBody.content['application/json'].schema.price", from: "number", to: "integer", message: "type narrowed" },
        { kind: "property-added", severity: "non-breaking", path: "$.responses['200'].content['application/json'].schema.sku", message: "optional property added" },
      ],
    },
    {
      operation: "GET /v1/sdk/products",
      changes: [{ kind: "enum-value-added", severity: "breaking-response", path: "$.responses['200'].content['application/json'].schema[*].status", message: 'enum values added: "retired" (breaks exhaustive switches)' }],
    },
  ],
  counts: { breaking: 1, breakingResponse: 1, nonBreaking: 1, descriptions: 2, examples: 1 },
  warnings: [],
  calls: { total: 3, broken: 1 },
  incomplete: false,
  unresolved: [],
};
const empty: Report = { operations: [], counts: { breaking: 0, breakingResponse: 0, nonBreaking: 0, descriptions: 0, examples: 0 }, warnings: [], calls: { total: 0, broken: 0 }, incomplete: false, unresolved: [] };
const incomplete: Report = { ...empty, incomplete: true, unresolved: [{ spec: "new", ref: "#/components/schemas/Gone", pointer: "#/paths/~1a/get/responses/200" }] };

describe("formatReport", () => {
  it.each([
    ["names operation, path and old -> new type on one line", report, /^BREAKING +PUT \/v1\/sdk\/products\/\{productRef\} +\$\.requestBody\.content\['application\/json'\]\.schema\.price +type narrowed: number -> integer$/m],
    ["labels response-reader breaks", report, /^BREAKING \(response\) +GET \/v1\/sdk\/products .*\(breaks exhaustive switches\)$/m],
    ["summarises counts and notes", report, /^Breaks 1 of your 3 generated calls\. 1 breaking, 1 breaking for response readers, 1 non-breaking; 2 descriptions and 1 example changed\.$/m],
    ["says when nothing changed", empty, /^No API changes\.\n$/],
    ["says how many generated calls break", report, /^Breaks 1 of your 3 generated calls\. 1 breaking/m],
    ["warns about an unchanged info.version", { ...report, warnings: ["breaking changes, but info.version is still \"1\""] }, /^WARNING: breaking changes, but info\.version is still "1"\n\nBreaks/m],
    ["lists $refs to nothing and marks the report incomplete", incomplete, /^ {2}new spec {2}#\/paths\/~1a\/get\/responses\/200 {2}\$ref #\/components\/schemas\/Gone\n\nINCOMPLETE: 1 \$ref points nowhere\. No API changes found\.\n$/m],
  ])("%s", (_name, given, want) => {
    expect(formatReport(given)).toMatch(want);
  });

  it("colours severities only when asked", () => {
    expect(formatReport(report)).not.toContain("\x1b[");
    expect(formatReport(report, { color: true })).toContain("\x1b[31mBREAKING");
  });
});

describe("formatChangesEntry", () => {
  it.each([
    ["starts with the version and input hash", report, ["## 1.4.0\n\nInput hash: `sha256-abc`\n"]],
    ["groups by severity, breaking first", report, ["### Breaking changes\n\n- `PUT /v1/sdk/products/{productRef}` `$.requestBody.content['application/json'].schema.price`: type narrowed: `number` -> `integer`\n\n### Breaking for response readers"]],
    ["counts descriptions and examples", report, ["2 descriptions and 1 example changed."]],
    ["says when nothing changed", empty, ["No API changes.\n"]],
    ["marks an incomplete report", incomplete, ["No API changes found.\n", "**Incomplete:** Not compared", "- new spec  #/paths/~1a/get/responses/200  $ref #/components/schemas/Gone"]],
  ])("%s", (_name, given, want) => {
    const entry = formatChangesEntry(given, { version: "1.4.0", inputHash: "sha256-abc" });
    for (const text of want) expect(entry).toContain(text);
  });

  it("keeps backticks in a path inside its code span", () => {
    const odd: Report = { ...empty, operations: [{ operation: "GET /a", changes: [{ kind: "property-removed", severity: "breaking", path: "$.x['a`b']", message: "property removed" }] }] };
    expect(formatChangesEntry(odd, { version: "1", inputHash: "h" })).toContain("`` $.x['a`b'] ``");
  });
});
