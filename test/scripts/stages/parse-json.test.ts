import { readFileSync } from "node:fs";
import path from "node:path";
import { parseYaml } from "@redocly/openapi-core";
import { afterEach, describe, expect, it } from "vitest";
import { hasDuplicateKey, parseJson } from "../../../scripts/stages/parse-json.js";
import { realJsonSpecs } from "../../helpers/real-specs.js";
import { tempProject, type TempProject } from "../../helpers/temp-project.js";

const specs = realJsonSpecs;

let project: TempProject | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

describe("parse-json", () => {
  it.each(specs.map((file) => [path.basename(file), file]))("reads %s exactly as Redocly's YAML parser does", (_, file) => {
    const text = readFileSync(file, "utf8");
    const parsed = parseJson(text);
    expect(parsed).toBeDefined();
    expect(parsed).toStrictEqual(parseYaml(text));
  });

  it("finds a key given twice in any object, however it is escaped, and leaves YAML and invalid JSON to the YAML parser", () => {
    expect(hasDuplicateKey('{"a":1,"b":{"a":2},"c":[{"a":1},{"a":2}],"d":"{\\"a\\":1,\\"a\\":2}"}')).toBe(false);
    expect(hasDuplicateKey('{"a":1,"b":2,"a":3}')).toBe(true);
    expect(hasDuplicateKey('{"b":{"x":[1,{"y":1,"y":2}]}}')).toBe(true);
    expect(hasDuplicateKey('{"a\\"":1,"a\\u0022":2}')).toBe(true);
    expect(hasDuplicateKey('{"x\\\\":"\\\\","x\\\\":1}')).toBe(true);
    expect(parseJson('{"a":1,"a":2}')).toBeUndefined();
    expect(parseJson("openapi: 3.1.0\n")).toBeUndefined();
    expect(parseJson('{"a":1,}')).toBeUndefined();
    expect(parseJson(' \n{"a":[1,2]}')).toEqual({ a: [1, 2] });
  });

  it("a JSON spec with a key twice still fails as before, naming its line and column", async () => {
    project = tempProject();
    const text = [
      "{",
      '  "openapi": "3.0.3",',
      '  "info": { "title": "d", "version": "1" },',
      '  "paths": {',
      '    "/a": { "get": { "operationId": "getA", "responses": { "200": { "description": "ok" } } } },',
      '    "/a": {}',
      "  }",
      "}",
    ].join("\n");
    project.write("specs/dup.json", text);
    project.edit("redocly.yaml", (t) => `${t}  dup@1:\n    root: specs/dup.json\n`);
    const result = await project.generate();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("specs/dup.json:6:6: invalid YAML in the spec of dup@1: duplicated mapping key");
  });
});

// What the bundle stage reads: parseJson's result, or the YAML parser's where parseJson declines.
const read = (text: string) => parseJson(text) ?? parseYaml(text);

describe("parse-json: numbers", () => {
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

describe("parse-json: nesting", () => {
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
