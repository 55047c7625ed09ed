import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "../../helpers/temp-project.js";

let project: TempProject | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

describe("bundle stage (review)", () => {
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
});
