import { parseYaml } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";
import { parseJson } from "../../../scripts/stages/parse-json.js";

// What the bundle stage reads: parseJson's result, or the YAML parser's where parseJson declines.
const read = (text: string) => parseJson(text) ?? parseYaml(text);

describe("parse-json (review)", () => {
  it.each([
    ['{"maximum":1e400}'],
    ['{"minimum":-1e400}'],
    [`{"x":${"9".repeat(400)}}`],
    [`{"x":[1,${"1".repeat(250)}e60]}`],
  ])("reads a number too large for a double as Redocly's YAML parser does: %s", (text) => {
    expect(read(text)).toStrictEqual(parseYaml(text));
  });

  it("still reads large finite and tiny numbers with JSON.parse", () => {
    expect(parseJson('{"a":1e308,"b":1e-400,"c":12345678901234567890}')).toStrictEqual(parseYaml('{"a":1e308,"b":1e-400,"c":12345678901234567890}'));
    expect(parseJson('{"a":1e308}')).toBeDefined();
  });
});

describe("parse-json nesting (review)", () => {
  // js-yaml (Redocly's YAML parser) stops at a nesting depth of 100 ("nesting exceeded maxDepth (100)").
  const nested = (depth: number) => `{"openapi":"3.0.3","x":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`;
  it.each([97, 98, 150, 20000])("reads a document nested %i objects deep as Redocly's YAML parser does (or leaves it to it)", (depth) => {
    const text = nested(depth);
    let yaml: unknown;
    let yamlError: string | undefined;
    try {
      yaml = parseYaml(text);
    } catch (error) {
      yamlError = (error as Error).message;
    }
    const json = parseJson(text);
    if (yamlError !== undefined) expect(json, yamlError).toBeUndefined();
    else if (json !== undefined) expect(json).toStrictEqual(yaml);
  });
});
