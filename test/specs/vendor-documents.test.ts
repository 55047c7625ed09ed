import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/temp-project.js";

// specs/ holds the vendors' documents exactly as published; these tests tie them to their sources,
// of which test/fixtures/vendor/ keeps byte-for-byte copies (its README names the originals).
const vendor = path.join(repoRoot, "test", "fixtures", "vendor");
const read = (...parts: string[]) => readFileSync(path.join(...parts), "utf8");

describe("specs/chatdash.yaml", () => {
  it("is the YAML block of the ChatDash page, verbatim", () => {
    const page = read(vendor, "chatdash-update-product.page.txt");
    const block = /````yaml[^\n]*\n([\s\S]*?)````/.exec(page)?.[1];
    expect(block).toBeDefined();
    expect(read(repoRoot, "specs", "chatdash.yaml")).toBe(block);
  });
});

describe("specs/solvapay.yaml", () => {
  const spec = parse(read(repoRoot, "specs", "solvapay.yaml"));

  it("is the vendor's openapi.json converted to YAML, content unchanged", () => {
    expect(spec).toEqual(JSON.parse(read(vendor, "solvapay.openapi.json")));
  });

  it("agrees with the rendered page of PUT /v1/sdk/products/{productRef}", () => {
    const page = read(vendor, "solvapay-update-product.page.txt");
    const operation = spec.paths["/v1/sdk/products/{productRef}"].put;
    const schemas = spec.components.schemas;
    const requestSchema = schemas[operation.requestBody.content["application/json"].schema.$ref.split("/").pop()];
    const responseSchema = schemas[operation.responses["200"].content["application/json"].schema.$ref.split("/").pop()];

    // The page lists each field as "name\ntype\n[required\n]" under "Body" and "Response".
    const fields = (section: string) => {
      const found: Record<string, { type: string; required: boolean }> = {};
      for (const m of section.matchAll(/^(\w+)\n(string|number|boolean|object|enum<string>|string\[\])\n(required\n)?/gm)) {
        found[m[1]!] = { type: m[2]!, required: Boolean(m[3]) };
      }
      return found;
    };
    const body = fields(page.slice(page.indexOf("\nBody\n"), page.indexOf("\nResponse\n")));
    const response = fields(page.slice(page.indexOf("\nResponse\n")));
    const typeOf = (s: { type: string; enum?: unknown[]; items?: { type: string } }) =>
      s.enum ? "enum<string>" : s.type === "array" ? `${s.items?.type}[]` : s.type;

    expect(Object.keys(body).sort()).toEqual(Object.keys(requestSchema.properties).sort());
    for (const [name, field] of Object.entries(body)) expect(field.type, name).toBe(typeOf(requestSchema.properties[name]));
    expect(Object.keys(response).sort()).toEqual(Object.keys(responseSchema.properties).sort());
    for (const [name, field] of Object.entries(response)) {
      expect(field.type, name).toBe(typeOf(responseSchema.properties[name]));
      expect(field.required, name).toBe(responseSchema.required.includes(name));
    }
    expect(page).toContain("Available options:\nactive,\ninactive,\nsuspended");
    expect(requestSchema.properties.status.enum).toEqual(["active", "inactive", "suspended"]);
    expect(operation.parameters).toEqual([expect.objectContaining({ name: "productRef", in: "path", required: true })]);
  });
});
