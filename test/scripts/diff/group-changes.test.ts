import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { diffSpecs, formatChangesEntry, formatReport, hasBreaking, type Report } from "../../../scripts/diff/index.js";
import { groupReport } from "../../../scripts/diff/group-changes.js";
import { clientUses } from "../../../scripts/diff/media-types.js";

const fixture = (name: string, side: "old" | "new") =>
  parse(readFileSync(new URL(`../../fixtures/diff/${name}/${side}.yaml`, import.meta.url), "utf8"));
const diff = (name: string) => diffSpecs(fixture(name, "old"), fixture(name, "new"));

describe("clientUses (the media types scripts/stages/calls.js sends and reads)", () => {
  it.each([
    ["application/json", "response", true],
    ["application/json; charset=utf-8", "response", true],
    ["Application/JSON", "request", true],
    ["application/vnd.shop+json", "response", true],
    ["application/problem+json; charset=utf-8", "response", true],
    ["application/x-www-form-urlencoded", "request", true],
    ["application/x-www-form-urlencoded", "response", false],
    ["application/xml", "request", false],
    ["application/xml", "response", false],
    ["text/plain", "response", false],
    ["application/octet-stream", "request", false],
    ["multipart/form-data", "request", false],
    ["application/jsonlines", "response", false],
    ["text/json-ish", "response", false],
  ] as const)("%s in a %s: %s", (type, direction, want) => {
    expect(clientUses(type, direction)).toBe(want);
  });
});

describe("a change in a shared component", () => {
  it("keeps every occurrence in the report (--json), each naming its source", () => {
    const report = diff("shared-enum");
    expect(report.operations.flatMap(({ operation, changes }) => changes.map((c) => `${c.severity} ${operation} ${c.path} ${c.kind} ${c.source?.ref}${c.source?.path}`))).toEqual([
      "breaking-response PUT /products/{id} $.responses['200'].content['application/json'].schema.status enum-value-added #/components/schemas/Product.status",
      "non-breaking PUT /products/{id} $.requestBody.content['application/json'].schema.status enum-value-added #/components/schemas/Product.status",
      "breaking-response GET /products $.responses['200'].content['application/json'].schema[*].status enum-value-added #/components/schemas/Product.status",
      "breaking-response GET /products/{id} $.responses['200'].content['application/json'].schema.status enum-value-added #/components/schemas/Product.status",
    ]);
    expect(report.counts).toMatchObject({ breaking: 0, breakingResponse: 3, nonBreaking: 1 });
  });

  it.each([
    [
      "text: one line at the source, calls first; a change met once stays with its operation",
      (r: Report) => formatReport(r),
      [
        'BREAKING (response)  #/components/schemas/Product.status  enum values added: "retired" (breaks exhaustive switches); reaches 3 operations: updateProduct, GET /products, GET /products/{id}\n\n' +
          "non-breaking         PUT /products/{id} (updateProduct)  $.requestBody.content['application/json'].schema.status  enum values added: \"retired\"\n\n" +
          "Breaks 1 of your 1 generated call. 0 breaking, 3 breaking for response readers, 1 non-breaking.\n",
      ],
    ],
    [
      "CHANGES.md: the same grouping",
      (r: Report) => formatChangesEntry(r, { version: "2", inputHash: "h" }),
      [
        '### Breaking for response readers\n\n- `#/components/schemas/Product.status`: enum values added: "retired" (breaks exhaustive switches); reaches 3 operations: updateProduct, GET /products, GET /products/{id}\n\n',
        "### Non-breaking changes\n\n- `PUT /products/{id}` (`updateProduct`) `$.requestBody.content['application/json'].schema.status`: enum values added: \"retired\"\n",
      ],
    ],
  ])("%s", (_name, format, want) => {
    const text = format(diff("shared-enum"));
    for (const part of want) expect(text).toContain(part);
  });

  it("lists at most 10 operations it reaches, and says how many more", () => {
    const change = { kind: "enum-value-added", severity: "breaking-response" as const, message: "enum values added", source: { ref: "#/components/schemas/S", path: ".s" } };
    const operations = Array.from({ length: 12 }, (_, i) => ({ operation: `GET /o${i}`, changes: [{ ...change, path: `$.x${i}` }] }));
    const report: Report = { operations, counts: { breaking: 0, breakingResponse: 12, nonBreaking: 0, descriptions: 0, examples: 0 }, warnings: [], calls: { total: 0, broken: 0 }, incomplete: false, unresolved: [] };
    expect(formatReport(report).split("\n")[0]).toBe(
      "BREAKING (response)  #/components/schemas/S.s  enum values added; reaches 12 operations: GET /o0, GET /o1, GET /o2, GET /o3, GET /o4, GET /o5, GET /o6, GET /o7, GET /o8, GET /o9 and 2 more (--json lists them all)",
    );
  });

  it("does not group the same change from two different sources", () => {
    const a = { kind: "property-removed", severity: "breaking" as const, message: "property removed" };
    const report: Report = {
      operations: [
        { operation: "PUT /a", changes: [{ ...a, path: "$.x", source: { ref: "#/components/schemas/A", path: ".x" } }] },
        { operation: "PUT /b", changes: [{ ...a, path: "$.x", source: { ref: "#/components/schemas/B", path: ".x" } }] },
      ],
      counts: { breaking: 2, breakingResponse: 0, nonBreaking: 0, descriptions: 0, examples: 0 },
      warnings: [],
      calls: { total: 0, broken: 0 },
      incomplete: false,
      unresolved: [],
    };
    const grouped = groupReport(report);
    expect(grouped.shared).toEqual([]);
    expect(grouped.operations.map((o) => o.operation)).toEqual(["PUT /a", "PUT /b"]);
  });
});

describe("changes under media types the client does not use", () => {
  it("are kept in the report, flagged, and never break", () => {
    const report = diff("unused-media-type");
    const flagged = report.operations.flatMap(({ operation, changes }) => changes.map((c) => `${c.severity} ${operation} ${c.kind} ${c.unusedMediaType}`));
    expect(flagged).toEqual([
      "breaking PUT /products/{id} property-removed application/xml",
      "breaking PUT /products/{id} property-made-required application/xml",
      "breaking-response PUT /products/{id} property-removed application/xml",
      "non-breaking PUT /products/{id} property-made-required application/xml",
      "breaking-response GET /products property-removed application/xml",
      "breaking-response GET /products response-media-type-removed text/plain",
      "non-breaking GET /products property-made-required application/xml",
    ]);
    expect(hasBreaking(report)).toBe(false);
    expect(report.counts).toEqual({ breaking: 0, breakingResponse: 0, nonBreaking: 0, descriptions: 0, examples: 0 });
    expect(report.calls).toEqual({ total: 1, broken: 0 });
    expect(report.warnings).toEqual([]);
  });

  it.each([
    [
      "text: collapsed to one line per media type, at the end",
      (r: Report) => formatReport(r),
      "Media types the generated client neither sends nor reads (--json has every change):\n" +
        "  application/xml: 6 changes in 2 operations, not used by the client\n" +
        "  text/plain: 1 change in 1 operation, not used by the client\n\n" +
        "Breaks 0 of your 1 generated call. 0 breaking, 0 breaking for response readers, 0 non-breaking; 7 changes under media types the client does not use (not counted).\n",
    ],
    [
      "CHANGES.md: the same lines, no breaking section",
      (r: Report) => formatChangesEntry(r, { version: "2", inputHash: "h" }),
      "### Media types the generated client neither sends nor reads\n\n- application/xml: 6 changes in 2 operations, not used by the client\n- text/plain: 1 change in 1 operation, not used by the client\n",
    ],
  ])("%s", (_name, format, want) => {
    const text = format(diff("unused-media-type"));
    expect(text).toContain(want);
    expect(text).not.toMatch(/BREAKING|### Breaking|legacyCode/);
  });

  it("a media type changed between one the client uses and one it does not is not flagged", () => {
    const report = diff("responses");
    const changed = report.operations.flatMap((o) => o.changes).find((c) => c.kind === "response-media-type-changed");
    expect(changed).toMatchObject({ from: "text/csv", to: "application/json" });
    expect(changed?.unusedMediaType).toBeUndefined();
  });
});
