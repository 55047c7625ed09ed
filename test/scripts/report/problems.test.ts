import { describe, expect, it } from "vitest";
import { relativePaths } from "../../../scripts/report/problems.js";

describe("relativePaths", () => {
  it("writes a quoted file under the project root as a project path", () => {
    expect(relativePaths("Can't resolve $ref: ENOENT: no such file or directory '/work/main/specs/models/kinds.yml'", "/work/main")).toBe(
      "Can't resolve $ref: ENOENT: no such file or directory 'specs/models/kinds.yml'",
    );
    expect(relativePaths('cannot read "/work/main/specs/a.yaml" or "/work/main/specs/b.yaml"', "/work/main/")).toBe('cannot read "specs/a.yaml" or "specs/b.yaml"');
  });

  it("leaves what only contains the root's text: path templates, URLs, other folders, files outside the project", () => {
    const messages = [
      "Path parameter `id` is not used in the path `/app/{id}/items`.",
      "Can't resolve $ref: 'https://example.com/app/x.yaml'",
      "no such file or directory '/mnt/app/specs/x.yml'",
      "no such file or directory '/app2/specs/x.yml'",
      "no such file or directory '/etc/x.yml'",
    ];
    for (const message of messages) expect(relativePaths(message, "/app")).toBe(message);
  });

  it("leaves every path alone for a project at the file system's root", () => {
    const message = "Can't resolve $ref: 'http://example.com//x' and '/specs/x.yml'";
    expect(relativePaths(message, "/")).toBe(message);
  });
});
