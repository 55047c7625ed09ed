import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot, tempProject, type TempProject } from "../../helpers/temp-project.js";

// Vendor documents are third-party input: documentation and style findings are advisory (counted,
// listed in generated/<name>.lint.txt), and only what changes the types stops generate. Each case
// runs generate on a temporary copy of the project.
const PUT = "#/paths/~1stripe~1connect~1accounts~1{accountId}~1products~1{productId}/put";
const noSummary = (t: string) => t.replace("      summary: Update Product\n", "");

/** The findings of a .lint.txt, without its stamp lines. */
const findingsOf = (text: string) => text.split("\n").filter((line) => line !== "" && !line.startsWith("#"));

let project: TempProject | undefined;

/** A copy of the project with one more API, `<name>@1`, whose spec is `specs/<name>.json`. */
function withApi(name: string, document: object) {
  const copy = tempProject();
  copy.edit("redocly.yaml", (t) => `${t}  ${name}@1:\n    root: specs/${name}.json\n`);
  copy.write(`specs/${name}.json`, JSON.stringify(document));
  return copy;
}
/** A copy of the project with one more API, `<name>@1`, written in the given files (project-relative), its root first. */
function withFiles(name: string, files: Record<string, string>) {
  const copy = tempProject();
  copy.edit("redocly.yaml", (t) => `${t}  ${name}@1:\n    root: ${Object.keys(files)[0]}\n`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(copy.file(file)), { recursive: true });
    copy.write(file, text);
  }
  return copy;
}

/** A YAML spec's `info` (with a license) and `servers`, which lint's advisory rules ask for. */
const infoOf = (name: string, license = `url: https://${name}.example/license`) =>
  `info:\n  title: ${name}\n  version: '1'\n  license:\n    name: MIT\n    ${license}\nservers:\n  - url: https://${name}.example\n`;

afterEach(() => {
  project?.remove();
  project = undefined;
});

describe("lint: advisory findings", () => {
  it("a spec with only advisory findings generates, counts them per rule on one line and lists them with file:line:col and pointer", async () => {
    project = tempProject();
    project.edit("specs/chatdash.yaml", noSummary);
    const result = await project.generate("--lint-details");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const summary = result.stdout.split("\n").filter((line) => line.startsWith("chatdash: generated"));
    expect(summary).toEqual([
      "chatdash: generated 7 files; 3 advisory lint findings (info-license 1, operation-4xx-response 1, operation-summary 1; see generated/chatdash.lint.txt)",
    ]);
    const findings = findingsOf(project.read("generated/chatdash.lint.txt"));
    expect(findings).toEqual([
      "specs/chatdash.yaml:2:1 #/info info-license Info object should contain `license` field.",
      `specs/chatdash.yaml:11:5 ${PUT}/summary operation-summary Operation object should contain \`summary\` field.`,
      `specs/chatdash.yaml:49:7 ${PUT}/responses operation-4xx-response Operation must have at least one \`4XX\` response.`,
    ]);
    // --lint-details prints the same lines.
    for (const line of findings) expect(result.stdout).toContain(`  ${line}\n`);
    // A second run finds nothing to do, and the file is written again byte for byte by --force.
    const again = await project.generate("--force");
    expect(again.code).toBe(0);
    expect(findingsOf(project.read("generated/chatdash.lint.txt"))).toEqual(findings);
  });

  it("a one-line JSON spec's finding carries the pointer that leads to its node", async () => {
    project = tempProject();
    const doc = parse(noSummary(project.read("specs/chatdash.yaml")));
    project.write("specs/chatdash.json", JSON.stringify(doc));
    project.edit("redocly.yaml", (t) => t.replace("root: specs/chatdash.yaml", "root: specs/chatdash.json"));
    const result = await project.generate();
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const finding = findingsOf(project.read("generated/chatdash.lint.txt")).find((line) => line.includes("operation-summary"));
    expect(finding).toMatch(new RegExp(`^specs/chatdash\\.json:1:\\d+ ${escape(PUT)}/summary operation-summary `));
    // The pointer leads to where the missing summary belongs: the operation that has none.
    const keys = finding!.split(" ")[1]!.slice(2).split("/").map((k) => k.replaceAll("~1", "/").replaceAll("~0", "~"));
    expect(keys.pop()).toBe("summary");
    const operation = keys.reduce((n: any, k) => n[k], doc);
    expect(operation.description).toBe("Update a product for a connected account.");
    expect(operation.summary).toBeUndefined();
  });

  it("a later SolvaPay release with missing summaries generates, with advisory findings only", async () => {
    project = tempProject();
    // SolvaPay's published openapi.json (test/fixtures/vendor/), as a later release might drop summaries.
    const published = JSON.parse(readFileSync(path.join(repoRoot, "test/fixtures/vendor/solvapay.openapi.json"), "utf8"));
    const dropped: string[] = [];
    for (const [pathKey, item] of Object.entries<any>(published.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        if (pathKey.startsWith("/v1/sdk/products") && operation.summary) {
          delete operation.summary;
          dropped.push(`#/paths/${pathKey.replaceAll("/", "~1")}/${method}/summary`);
        }
      }
    }
    expect(dropped.length).toBeGreaterThanOrEqual(3);
    project.write("specs/solvapay.json", JSON.stringify(published, null, 2));
    project.edit("redocly.yaml", (t) => t.replace("root: specs/solvapay.yaml", "root: specs/solvapay.json"));
    const result = await project.generate();
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`solvapay: generated 7 files; \\d+ advisory lint findings \\([^)]*operation-summary ${dropped.length}`));
    const summaries = findingsOf(project.read("generated/solvapay.lint.txt")).filter((line) => line.includes(" operation-summary "));
    expect(summaries.map((line) => line.split(" ")[1]).sort()).toEqual([...dropped].sort());
    for (const line of summaries) expect(line).toMatch(/^specs\/solvapay\.json:\d+:\d+ #\//);
    expect(project.read("generated/solvapay.ts")).toContain('"/v1/sdk/products/{productRef}"');
  });

  it("a struct finding outside what becomes code (an unknown top-level key) is advisory", async () => {
    project = tempProject();
    project.edit("specs/chatdash.yaml", (t) => t.replace("security: []\n", "security: []\nsource:\n  repo: chatdash/api\n"));
    const result = await project.generate();
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(findingsOf(project.read("generated/chatdash.lint.txt"))).toContain("specs/chatdash.yaml:9:1 #/source struct Property `source` is not expected here.");
  });

  it("example validation is off unless an API opts in", async () => {
    project = tempProject();
    project.edit("specs/chatdash.yaml", (t) => t.replace("          description: OK\n          content:\n            application/json:\n", "          description: OK\n          content:\n            application/json:\n              example: { product: 42 }\n"));
    const off = await project.generate();
    expect(off.code).toBe(0);
    expect(project.read("generated/chatdash.lint.txt")).not.toContain("no-invalid-media-type-examples");
    project.edit("redocly.yaml", (t) => t.replace("      - specs/overlays/chatdash.yaml\n", "      - specs/overlays/chatdash.yaml\n    rules:\n      no-invalid-media-type-examples: warn\n"));
    const on = await project.generate();
    expect(on.code).toBe(0);
    expect(findingsOf(project.read("generated/chatdash.lint.txt")).filter((l) => l.includes("no-invalid-media-type-examples"))).toEqual([
      expect.stringMatching(new RegExp(`^specs/chatdash\\.yaml:\\d+:\\d+ ${escape(PUT)}/responses/200/content/application~1json/example/product no-invalid-media-type-examples Example value must conform to the schema: \`product\` property type must be object\\.`)),
    ]);
  });
});

describe("lint: blocking findings", () => {
  it("a rule raised to error for one API blocks that API, naming file:line:col and pointer, and leaves its files as they were", async () => {
    project = tempProject();
    project.edit("specs/chatdash.yaml", noSummary);
    project.edit("specs/solvapay.yaml", (t) => t.replace(/^ {6}summary: .*\n/m, ""));
    project.edit("redocly.yaml", (t) => t.replace("      - specs/overlays/chatdash.yaml\n", "      - specs/overlays/chatdash.yaml\n    rules:\n      operation-summary: error\n"));
    const before = project.snapshot();
    const result = await project.generate();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: specs/chatdash.yaml: chatdash@2.0.0 fails lint with 1 blocking finding\n  specs/chatdash.yaml:11:5 ${PUT}/summary error operation-summary: Operation object should contain \`summary\` field.\n`,
    );
    // The other API keeps the project's rules: its missing summary is advisory, and it is written.
    expect(result.stderr).not.toMatch(/solvapay/);
    const after = project.snapshot();
    for (const file of Object.keys(before).filter((f) => f.startsWith("chatdash."))) expect(after[file], file).toBe(before[file]);
    expect(after["solvapay.lint.txt"]).toMatch(/operation-summary/);
  });

  it("a struct finding in an operation blocks", async () => {
    project = tempProject();
    project.edit("specs/chatdash.yaml", (t) => t.replace("        - name: accountId\n          in: path\n", "        - name: accountId\n          in: body\n"));
    const result = await project.generate();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`specs/chatdash\\.yaml:\\d+:\\d+ ${escape(PUT)}/parameters/0/in error struct: \`in\` can be one of the following only: "query", "header", "path", "cookie"`));
  });

  it("properties on an array block, unless there are none: an empty `properties: {}` is advisory (hetras-certification.net)", async () => {
    const withTags = (properties: string) => (t: string) =>
      t.replace(
        "                    description:\n                      type: string\n      responses:",
        `                    description:\n                      type: string\n                    tags:\n                      type: array\n                      items:\n                        type: string\n                      properties: ${properties}\n      responses:`,
      );
    const TAGS = `${PUT}/requestBody/content/application~1json/schema/properties/data/properties/tags/properties`;
    project = tempProject();
    project.edit("specs/chatdash.yaml", withTags("{}"));
    const quiet = await project.generate();
    expect(quiet.stderr).toBe("");
    expect(quiet.code).toBe(0);
    expect(findingsOf(project.read("generated/chatdash.lint.txt"))).toContainEqual(expect.stringMatching(new RegExp(`^specs/chatdash\\.yaml:54:\\d+ ${escape(TAGS)} no-schema-type-mismatch `)));
    expect(project.read("generated/chatdash.ts")).toMatch(/tags\?: string\[\];/);
    project.edit("specs/chatdash.yaml", (t) => t.replace("properties: {}", "properties: { name: { type: string } }"));
    const blocked = await project.generate();
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toMatch(new RegExp(`specs/chatdash\\.yaml:54:\\d+ ${escape(TAGS)} error no-schema-type-mismatch: Schema type mismatch: 'array' type should not contain 'properties' field\\.`));
  });

  it("a malformed example, or a malformed $ref sibling in 3.0 (which 3.0 ignores), is advisory; the sibling blocks in 3.1", async () => {
    // codat.io's assess API (an examples map where JSON Schema wants a list) and dnd5eapi.co (`allOf` as an object beside a $ref).
    const spec = (openapi: string) => ({
      openapi,
      info: { title: "m", version: "1", license: { name: "MIT" } },
      paths: {
        "/monsters/{index}": {
          get: {
            operationId: "getMonster",
            summary: "s",
            parameters: [{ in: "path", name: "index", required: true, schema: { type: "string" } }],
            responses: {
              "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Monster", allOf: { "3": { properties: { name: {} } } } } } } },
              "404": { description: "no" },
            },
          },
        },
      },
      components: { schemas: { Monster: { type: "object", properties: { name: { type: "string" } }, ...(openapi.startsWith("3.1") ? { examples: { first: { value: { name: "x" } } } } : {}) } } },
    });
    const SIBLING = "#/paths/~1monsters~1{index}/get/responses/200/content/application~1json/schema/allOf";
    project = withApi("monsters", spec("3.0.3"));
    const old = await project.generate("--no-cache");
    expect(old.stderr).toBe("");
    expect(old.code).toBe(0);
    expect(findingsOf(project.read("generated/monsters.lint.txt"))).toContainEqual(expect.stringContaining(`${SIBLING} struct Expected type \`AllOf\` (array) but got \`object\``));
    expect(project.read("generated/monsters.ts")).toContain('"application/json": components["schemas"]["Monster"];');

    project.write("specs/monsters.json", JSON.stringify(spec("3.1.0")));
    const siblingApplies = await project.generate("--no-cache");
    expect(siblingApplies.code).toBe(1);
    expect(siblingApplies.stderr).toContain(`${SIBLING} error struct: Expected type \`AllOf\` (array) but got \`object\``);
    // The examples map is not among the blocking findings: one, the sibling.
    expect(siblingApplies.stderr).toContain("monsters@1 fails lint with 1 blocking finding\n");

    const withoutSibling = spec("3.1.0");
    delete (withoutSibling.paths["/monsters/{index}"].get.responses["200"].content["application/json"].schema as { allOf?: unknown }).allOf;
    project.write("specs/monsters.json", JSON.stringify(withoutSibling));
    const annotated = await project.generate("--no-cache");
    expect(annotated.stderr).toBe("");
    expect(annotated.code).toBe(0);
    expect(findingsOf(project.read("generated/monsters.lint.txt"))).toContainEqual(expect.stringContaining("#/components/schemas/Monster/examples struct Expected type `array` but got `object`"));
  });

  it("3.0's missing `type: 'null'` (blockfrost.io) and a `schema: null` (Directus 15) are advisory, and mean null and no schema", async () => {
    const spec = {
      openapi: "3.0.3",
      info: { title: "m", version: "1", license: { name: "MIT" } },
      paths: {
        "/items/{id}": {
          // An update call, so the client and the validators have it.
          patch: {
            operationId: "createItem",
            summary: "s",
            parameters: [{ in: "path", name: "id", required: true, schema: { type: "string" } }],
            requestBody: { content: { "application/json": { schema: null } } },
            responses: {
              "200": {
                description: "ok",
                content: { "application/json": { schema: { type: "object", required: ["meta"], properties: { meta: { anyOf: [{ type: "string" }, { type: "null" }] } } } } },
              },
              "404": { description: "no" },
            },
          },
        },
      },
    };
    project = withApi("items", spec);
    const run = await project.generate("--no-cache");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const findings = findingsOf(project.read("generated/items.lint.txt"));
    expect(findings).toContainEqual(expect.stringContaining("#/paths/~1items~1{id}/patch/requestBody/content/application~1json/schema struct Expected type `Schema` (object) but got `null`"));
    expect(findings).toContainEqual(expect.stringContaining("/properties/meta/anyOf/1/type struct `type` can be one of the following only"));
    const types = project.read("generated/items.ts");
    expect(types).toMatch(/meta: string \| null;/);
    expect(types).toMatch(/requestBody\?: \{\s*content: \{\s*"application\/json": unknown;/);
    expect(project.read("generated/items.bundled.json")).not.toMatch(/"schema": null/);
    // The response validator admits null and nothing else outside a string.
    project.write("generated/items.validators.mjs", project.read("generated/items.validators.js"));
    const { responseValidators } = await import(project.file("generated/items.validators.mjs"));
    const validate = responseValidators.createItem["200"];
    expect([validate({ meta: null }), validate({ meta: "x" }), validate({ meta: 1 })]).toEqual([true, true, false]);

    // In another place, a `schema: null` is no schema of OpenAPI's: a property so named still blocks.
    const property = structuredClone(spec) as any;
    property.paths["/items/{id}"].patch.responses["200"].content["application/json"].schema.properties.schema = null;
    project.write("specs/items.json", JSON.stringify(property));
    const blocked = await project.generate("--no-cache");
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain("items@1 fails lint with 1 blocking finding\n");
    expect(blocked.stderr).toMatch(/properties\/schema error struct: Expected type `Schema` \(object\) but got `null`/);
  });

  it("a null type or schema only where it is one: a security scheme's `type`, a property named `type`, an extension's content and an alias used as an example keep what they were", async () => {
    // The media type's object is also the 200 response's example, through a YAML alias; an extension holds the same shape.
    const yaml = (extra: string) => `openapi: 3.0.3
info: { title: m, version: "1", license: { name: MIT } }
paths:
  /items/{id}:
    x-proxy:
      requestBody: { content: { application/json: { schema: null, x-keep: 1 } } }
    patch:
      operationId: updateItem
      summary: s
      parameters: [{ in: path, name: id, required: true, schema: { type: string } }]
      requestBody: { content: { application/json: &media { schema: null } } }
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: object }, example: *media } } }
        "404": { description: no }
${extra}`;
    project = tempProject();
    project.edit("redocly.yaml", (t) => `${t}  items@1:\n    root: specs/items.yaml\n`);
    project.write("specs/items.yaml", yaml(""));
    const run = await project.generate("--no-cache");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const bundled = JSON.parse(project.read("generated/items.bundled.json"));
    expect(bundled.paths["/items/{id}"]["x-proxy"].requestBody.content["application/json"]).toEqual({ schema: null, "x-keep": 1 });
    expect(bundled.paths["/items/{id}"].patch.responses["200"].content["application/json"].example).toEqual({ schema: null });
    expect(bundled.paths["/items/{id}"].patch.requestBody.content["application/json"]).toEqual({});

    // `type: "null"` is advisory only as a schema's type: a security scheme's, or a property named `type`, still block.
    for (const [extra, blocked] of [
      ["components:\n  securitySchemes:\n    key: { type: \"null\" }\n", /#\/components\/securitySchemes\/key\/type error struct/],
      ["components:\n  schemas:\n    Thing: { type: object, properties: { type: \"null\" } }\n", /#\/components\/schemas\/Thing\/properties\/type error struct/],
    ] as const) {
      project.write("specs/items.yaml", yaml(extra));
      const refused = await project.generate("--no-cache");
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(blocked);
    }
  });

  it("a discriminator mapping to a schema by its name (ReadMe's oas-examples) is advisory; a name that is no schema blocks", async () => {
    const spec = (name: string) => ({
      openapi: "3.0.3",
      info: { title: "m", version: "1", license: { name: "MIT" } },
      paths: {
        "/options/{id}": {
          patch: {
            operationId: "updateOption",
            summary: "s",
            parameters: [{ in: "path", name: "id", required: true, schema: { type: "string" } }],
            requestBody: {
              content: {
                "application/json": {
                  schema: {
                    oneOf: [{ $ref: "#/components/schemas/Option.One" }, { $ref: "#/components/schemas/OptionTwo" }],
                    discriminator: { propertyName: "kind", mapping: { one: name, two: "#/components/schemas/OptionTwo" } },
                  },
                },
              },
            },
            responses: { "204": { description: "ok" }, "404": { description: "no" } },
          },
        },
      },
      components: {
        schemas: {
          "Option.One": { type: "object", properties: { kind: { type: "string" }, a: { type: "string" } } },
          OptionTwo: { type: "object", properties: { kind: { type: "string" }, b: { type: "number" } } },
        },
      },
    });
    project = withApi("options", spec("Option.One"));
    const byName = await project.generate("--no-cache");
    expect(byName.stderr).toBe("");
    expect(byName.code).toBe(0);
    expect(findingsOf(project.read("generated/options.lint.txt"))).toContainEqual(expect.stringContaining("/discriminator/mapping/one no-unresolved-refs Can't resolve $ref"));
    const types = project.read("generated/options.ts");
    // The same types as with the mapping written as a $ref.
    project.write("specs/options.json", JSON.stringify(spec("#/components/schemas/Option.One")));
    expect((await project.generate("--no-cache")).code).toBe(0);
    const strip = (text: string) => text.replace(/^ \* input hash: .*$/m, "");
    expect(strip(project.read("generated/options.ts"))).toBe(strip(types));

    project.write("specs/options.json", JSON.stringify(spec("OptionThree")));
    const dangling = await project.generate("--no-cache");
    expect(dangling.code).toBe(1);
    expect(dangling.stderr).toMatch(/\/discriminator\/mapping\/one error no-unresolved-refs: Can't resolve \$ref/);
  });

  it("a schema-name mapping is read as its $ref everywhere a YAML alias puts it, and under path keys and mapping keys with %", async () => {
    project = tempProject();
    project.edit("redocly.yaml", (t) => `${t}  pets@1:\n    root: specs/pets.yaml\n`);
    project.write(
      "specs/pets.yaml",
      `openapi: 3.0.3
info: { title: m, version: "1", license: { name: MIT } }
x-shared: &pet
  oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }]
  discriminator: { propertyName: kind, mapping: { "c%20at": Cat, d: Dog } }
paths:
  /pets/{id}%2Fx:
    put:
      operationId: putPet
      summary: s
      parameters: [{ in: path, name: id, required: true, schema: { type: string } }]
      requestBody: { content: { application/json: { schema: null } } }
      responses:
        "200": { description: ok, content: { application/json: { schema: *pet } } }
        "404": { description: no }
components:
  schemas:
    Cat: { type: object, properties: { kind: { type: string } } }
    Dog: { type: object, properties: { kind: { type: string } } }
`,
    );
    const run = await project.generate("--no-cache");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const types = project.read("generated/pets.ts");
    expect(types).toMatch(/Cat: \{[^;]*kind: "c%20at";/);
    expect(types).toMatch(/Dog: \{[^;]*kind: "d";/);
    const bundled = JSON.parse(project.read("generated/pets.bundled.json"));
    const schema = bundled.paths["/pets/{id}%2Fx"].put.responses["200"].content["application/json"].schema;
    expect(schema.discriminator.mapping).toEqual({ "c%20at": "#/components/schemas/Cat", d: "#/components/schemas/Dog" });
    expect(bundled.paths["/pets/{id}%2Fx"].put.requestBody.content["application/json"]).toEqual({});
  });

  it("draft-04's boolean exclusiveMinimum in a 3.1 document that declares draft-04 (ReadMe's oas-examples) is advisory, and validated as draft-04 means it", async () => {
    const spec = {
      openapi: "3.1.0",
      jsonSchemaDialect: "http://json-schema.org/draft-04/schema#",
      info: { title: "m", version: "1", license: { name: "MIT" } },
      paths: {
        "/numbers/{id}": {
          put: {
            operationId: "putNumber",
            summary: "s",
            parameters: [{ in: "path", name: "id", required: true, schema: { type: "string" } }],
            responses: {
              "200": { description: "ok", content: { "application/json": { schema: { type: "number", minimum: 10, exclusiveMinimum: true } } } },
              "404": { description: "no" },
            },
          },
        },
      },
    };
    project = withApi("numbers", spec);
    const run = await project.generate("--no-cache");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(findingsOf(project.read("generated/numbers.lint.txt"))).toContainEqual(expect.stringContaining("/schema/exclusiveMinimum struct Expected type `number` but got `boolean`"));
    project.write("generated/numbers.validators.mjs", project.read("generated/numbers.validators.js"));
    const { responseValidators } = await import(project.file("generated/numbers.validators.mjs"));
    const validate = responseValidators.putNumber["200"];
    expect([validate(10), validate(10.5), validate(9)]).toEqual([false, true, false]);
  });

  it("a path parameter whose name Redocly cannot read in the template is checked here: matching, advisory; not matching, blocking", async () => {
    // rapidapi.com's idealspot-geodata: `{insight_id:}`, declared as `insight_id:` (OpenAPI allows any name without braces).
    const spec = (declared: string) => ({
      openapi: "3.0.3",
      info: { title: "g", version: "1", license: { name: "MIT" } },
      paths: {
        "/data/insights/{insight_id:}": {
          get: {
            operationId: "getInsight",
            summary: "s",
            parameters: [{ in: "path", name: declared, required: true, schema: { type: "string" } }],
            responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "object" } } } }, "404": { description: "no" } },
          },
        },
      },
    });
    const PARAM = "#/paths/~1data~1insights~1{insight_id:}/get/parameters/0/name";
    project = withApi("geo", spec("insight_id:"));
    const matching = await project.generate("--no-cache");
    expect(matching.stderr).toBe("");
    expect(matching.code).toBe(0);
    expect(findingsOf(project.read("generated/geo.lint.txt"))).toContainEqual(expect.stringContaining(`${PARAM} path-parameters-defined Path parameter \`insight_id:\` is not used`));
    expect(project.read("generated/geo.ts")).toMatch(/"insight_id:": string;/);

    project.write("specs/geo.json", JSON.stringify(spec("insight_id")));
    const mismatched = await project.generate("--no-cache");
    expect(mismatched.code).toBe(1);
    expect(mismatched.stderr).toContain(`${PARAM} error path-parameters-defined: Path parameter \`insight_id\` is not used`);
  });

  it("path parameters that do not match the path template block", async () => {
    project = tempProject();
    project.edit("specs/chatdash.yaml", (t) => t.replace("        - name: productId\n", "        - name: product\n"));
    const result = await project.generate();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `specs/chatdash.yaml:16:7 ${PUT}/parameters error path-parameters-defined: The operation does not define the path parameter \`{productId}\` expected by path`,
    );
    expect(result.stderr).toMatch(new RegExp(`specs/chatdash\\.yaml:\\d+:\\d+ ${escape(PUT)}/parameters/1/name error path-parameters-defined: Path parameter \`product\` is not used in the path`));
  });

  // Redocly lints the bundle and places a finding on what it inlined at the root's `$ref` line (a helper's sweep:
  // @mojaloop/api-snippets' sdk-scheme-adapter backend, written in many files, named `openapi.yaml:384:3` for both).
  it("a finding in a spec written in several files also says where its node is written", async () => {
    project = withFiles("multi", {
      "specs/multi/openapi.yaml": `openapi: 3.0.3\n${infoOf("multi")}paths:\n  /things/{id}:\n    $ref: paths/thing.yaml\n`,
      "specs/multi/paths/thing.yaml": "put:\n  operationId: updateThing\n  summary: Update a thing\n  responses:\n    '200':\n      description: ok\n",
    });
    const result = await project.generate();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "specs/multi/openapi.yaml:11:3 #/paths/~1things~1{id}/put/parameters error path-parameters-defined: The operation does not define the path parameter `{id}` expected by path `/things/{id}`. (written in specs/multi/paths/thing.yaml:1:1 #/put/parameters)",
    );
    // Advisory findings too, in the lint file.
    project.edit("specs/multi/paths/thing.yaml", (t) => t.replace("put:\n", "put:\n  parameters:\n    - { name: id, in: path, required: true, schema: { type: string } }\n"));
    expect((await project.generate()).code).toBe(0);
    expect(findingsOf(project.read("generated/multi.lint.txt"))).toContain(
      "specs/multi/openapi.yaml:11:3 #/paths/~1things~1{id}/put/responses operation-4xx-response Operation must have at least one `4XX` response. (written in specs/multi/paths/thing.yaml:6:3 #/put/responses)",
    );
  });

  // From a review: the note was added to the message the advisory rules read (anchored at its end), and two advisory
  // findings in the other file blocked the API.
  it("what is advisory in another file stays advisory with the note; with overlays there is no note", async () => {
    const schema = "            type: object\n            properties:\n              a:\n                type: 'null'\n              b:\n                type: string\n                maxLenght: 3\n";
    project = withFiles("multi", {
      "specs/multi/openapi.yaml": `openapi: 3.0.3\n${infoOf("multi")}paths:\n  /x:\n    $ref: p/x.yaml\n`,
      "specs/multi/p/x.yaml": `get:\n  operationId: getX\n  summary: x\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema:\n${schema}`,
    });
    const result = await project.generate();
    expect(result.stderr).not.toContain("blocking");
    expect(result.code).toBe(0);
    const findings = findingsOf(project.read("generated/multi.lint.txt"));
    expect(findings).toContainEqual(expect.stringMatching(/^specs\/multi\/openapi\.yaml:\d+:\d+ #\/paths\/~1x\/get\/responses\/200\/content\/application~1json\/schema\/properties\/b\/maxLenght struct Property `maxLenght` is not expected here\. \(written in specs\/multi\/p\/x\.yaml:16:17 #\/get\/responses\/200\/content\/application~1json\/schema\/properties\/b\/maxLenght\)$/));
    // An overlay: the bundle is no longer what the files say, so no finding claims a place in them.
    project.write("specs/multi/overlay.yaml", "overlay: 1.0.0\ninfo:\n  title: o\n  version: '1'\nactions:\n  - target: $.info\n    update:\n      description: corrected\n");
    project.edit("redocly.yaml", (t) => t.replace("    root: specs/multi/openapi.yaml\n", "    root: specs/multi/openapi.yaml\n    overlays:\n      - specs/multi/overlay.yaml\n"));
    expect((await project.generate()).code).toBe(0);
    expect(project.read("generated/multi.lint.txt")).not.toContain("(written in");
  });

  // Redocly's rule points at `<operation>/<the operationId's value>`, a key the document does not have, on the
  // operation's line (found by a sweep of npm-published specs: Scalar's Galaxy with an operationId repeated).
  it("a repeated operationId blocks, pointing at the second one's value and naming where the first is", async () => {
    const ok = { "200": { description: "ok" } };
    project = withApi("dup", {
      openapi: "3.0.3",
      info: { title: "dup", version: "1", license: { name: "MIT" } },
      servers: [{ url: "https://dup.example" }],
      paths: {
        "/planets": { get: { operationId: "getAllData", summary: "list", responses: ok } },
        "/moons/{id}": {
          put: { operationId: "getAllData", summary: "update", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: ok },
        },
      },
    });
    // One key per line, so the operationId's own line is known.
    project.write("specs/dup.json", JSON.stringify(JSON.parse(project.read("specs/dup.json")), null, 2));
    const lines = project.read("specs/dup.json").split("\n");
    const second = lines.findIndex((line, i) => line.includes('"operationId": "getAllData"') && i > lines.findIndex((l) => l.includes('"/moons/{id}"'))) + 1;
    // At its value: the name to change.
    const col = (lines[second - 1] ?? "").indexOf('"getAllData"') + 1;
    const result = await project.generate();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `specs/dup.json:${second}:${col} #/paths/~1moons~1{id}/put/operationId error operation-operationId-unique: Every operation must have a unique \`operationId\`. \`getAllData\` is also the operationId of GET /planets (#/paths/~1planets/get/operationId).`,
    );
  });

  // From a second review: Redocly visits a node once, so one path-item file at two paths repeated its operationId
  // unreported, and generate failed later on the types ("would not compile ... TS2300 Duplicate identifier").
  it("an operation shared by two paths (one file $ref'd from both) is a repeated operationId, reported as one", async () => {
    project = withFiles("shared", {
      "specs/shared/openapi.yaml": `openapi: 3.0.3\n${infoOf("shared")}paths:\n  /a:\n    $ref: paths/a.yaml\n  /b:\n    $ref: paths/a.yaml\n`,
      "specs/shared/paths/a.yaml": "get:\n  operationId: same\n  summary: s\n  responses:\n    '200':\n      description: ok\n",
    });
    const result = await project.generate();
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain("would not compile");
    expect(result.stderr).toContain(
      "specs/shared/openapi.yaml:14:5 #/paths/~1b/get/operationId error operation-operationId-unique: Every operation must have a unique `operationId`. `same` is also the operationId of GET /a (#/paths/~1a/get/operationId). (written in specs/shared/paths/a.yaml:2:16 #/get/operationId)",
    );
  });

  // From a fourth review: a 3.1 path item with a `$ref` was skipped whole, its own operations beside the `$ref` too.
  it("a repeated operationId beside a path item's $ref (3.1) is named", async () => {
    const components = "components:\n  pathItems:\n    A:\n      get:\n        operationId: getA\n        summary: a\n        responses:\n          '200':\n            description: ok\n";
    project = withFiles("beside", {
      "specs/beside/openapi.yaml": `openapi: 3.1.0\n${infoOf("beside", "identifier: MIT")}paths:\n  /a:\n    $ref: '#/components/pathItems/A'\n    post:\n      $ref: ops/p.yaml\n  /b:\n    post:\n      $ref: ops/p.yaml\n${components}`,
      "specs/beside/ops/p.yaml": "operationId: same\nsummary: p\nresponses:\n  '200':\n    description: ok\n",
    });
    const result = await project.generate();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/#\/paths\/~1(a|b)\/post\/operationId error operation-operationId-unique: Every operation must have a unique `operationId`\. `same` is also the operationId of POST \/(a|b) \(#\/paths\/~1(a|b)\/post\/operationId\)\./);
  });

  // From a third review: every object with an operationId under a key named like a method counted as an operation,
  // so a link named `get` that points at an operation (valid OpenAPI) blocked a YAML spec as a repeated operationId.
  it("a link or an example that names an operationId is no repeat of it", async () => {
    const ok = "      responses:\n        '200':\n          description: ok\n";
    const created = "        '201':\n          description: created\n          links:\n            get:\n              operationId: getUser\n          content:\n            application/json:\n              example:\n                paths:\n                  /x:\n                    get:\n                      operationId: getUser\n";
    project = withFiles("links", { "specs/links.yaml": `openapi: 3.0.3\n${infoOf("links")}paths:\n  /users:\n    post:\n      operationId: createUser\n      summary: c\n      responses:\n${created}  /users/{id}:\n    get:\n      operationId: getUser\n      summary: g\n      parameters:\n        - name: id\n          in: path\n          required: true\n          schema:\n            type: string\n${ok}` });
    const result = await project.generate();
    expect(result.stderr).not.toContain("operation-operationId-unique");
    expect(result.code).toBe(0);
  });

  // From a review: the others were looked for under `paths` only, and an id with `%41` in it was read as `A`.
  it("a repeated operationId in a callback, a webhook or a component path item names them all; an id with % stays as written", async () => {
    const operation = (id: string) => ({ operationId: id, summary: id, responses: { "200": { description: "ok" } } });
    project = withApi("dup", {
      openapi: "3.1.0",
      info: { title: "dup", version: "1", license: { name: "MIT", identifier: "MIT" } },
      servers: [{ url: "https://dup.example" }],
      paths: {
        "/a": { $ref: "#/components/pathItems/A" },
        "/c": { get: { ...operation("dup"), callbacks: { cb: { "{$request.body#/u}": { post: operation("dup") } } } } },
        "/p": { get: operation("p%41q/x") },
        "/q": { get: operation("p%41q/x") },
      },
      webhooks: { hook: { post: operation("dup") } },
      components: { pathItems: { A: { get: operation("dup") } } },
    });
    const result = await project.generate();
    expect(result.code).toBe(1);
    const findings = result.stderr.split("\n").filter((line) => line.includes("operation-operationId-unique"));
    const all = ["#/paths/~1c/get/operationId", "#/paths/~1c/get/callbacks/cb/{$request.body#~1u}/post/operationId", "#/webhooks/hook/post/operationId", "#/components/pathItems/A/get/operationId"];
    // Redocly reports every one after the first it meets; each names the rest.
    const dup = findings.filter((line) => line.includes("`dup`"));
    expect(dup.length).toBe(all.length - 1);
    for (const line of dup) {
      const at = all.find((pointer) => line.includes(` ${pointer} error`));
      expect(at, line).toBeDefined();
      for (const other of all.filter((pointer) => pointer !== at)) expect(line).toContain(other === "#/paths/~1c/get/operationId" ? `GET /c (${other})` : other);
    }
    expect(findings).toContainEqual(expect.stringContaining("#/paths/~1q/get/operationId error operation-operationId-unique: Every operation must have a unique `operationId`. `p%41q/x` is also the operationId of GET /p (#/paths/~1p/get/operationId)."));
  });
});

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Every rule in redocly.yaml is one the installed Redocly has, and the README's table lists each with
// the same severity.
describe("lint: the rule set", () => {
  it("README's table and redocly.yaml agree rule by rule", () => {
    const config = parse(readFileSync(path.join(repoRoot, "redocly.yaml"), "utf8"));
    const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const table = Object.fromEntries([...readme.matchAll(/^\| `([A-Za-z0-9.-]+)` \| (error|warn|off) \|/gm)].map((m) => [m[1], m[2]]));
    expect(config.extends).toEqual([]);
    expect(table).toEqual(config.rules);
  });
});
