import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, runGenerate, snapshotDir } from "../../helpers/temp-project.js";

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/**
 * The project's two vendors (YAML, overlays), a real JSON release (Directus 10.2.4, with its overlay) and a Swagger
 * 2.0 spec (converted): one of each way a spec goes through Redocly.
 */
function project() {
  const dir = mkdtempSync(path.join(tmpdir(), "redocly-copy-"));
  scratch.push(dir);
  cpSync(path.join(repoRoot, "specs"), path.join(dir, "specs"), { recursive: true });
  const directus = path.join(repoRoot, "test", "fixtures", "diff", "history", "directus");
  cpSync(path.join(directus, "10.2.4.json"), path.join(dir, "specs", "directus.json"));
  cpSync(path.join(directus, "overlay.yaml"), path.join(dir, "specs", "overlays", "directus.yaml"));
  cpSync(path.join(repoRoot, "test", "fixtures", "specs", "petstore-swagger2.json"), path.join(dir, "specs", "petstore.json"));
  const config = readFileSync(path.join(repoRoot, "redocly.yaml"), "utf8");
  writeFileSync(
    path.join(dir, "redocly.yaml"),
    `${config.trimEnd()}\n  directus@10:\n    root: specs/directus.json\n    overlays:\n      - specs/overlays/directus.yaml\n  petstore@1:\n    root: specs/petstore.json\n`,
  );
  mkdirSync(path.join(dir, "generated"));
  return dir;
}

async function generate(dir: string, copy: "on" | "off") {
  process.env.PRODUCT_CLIENTS_REDOCLY_COPY = copy;
  try {
    const result = await runGenerate(["--quiet", "--no-cache", "--config", path.join(dir, "redocly.yaml")]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  } finally {
    delete process.env.PRODUCT_CLIENTS_REDOCLY_COPY;
  }
  return snapshotDir(path.join(dir, "generated"));
}

describe("Redocly's one-file copy", () => {
  it("generates byte for byte what Redocly's package does", { timeout: 120_000 }, async () => {
    const fromCopy = await generate(project(), "on");
    const fromPackage = await generate(project(), "off");
    expect(Object.keys(fromCopy)).toEqual(expect.arrayContaining(["chatdash.ts", "solvapay.ts", "directus.ts", "petstore.ts", "directus.lint.txt", "petstore.bundled.json"]));
    // Each project's stamps name its own folder only through relative paths: the files compare as they are.
    expect(fromCopy).toEqual(fromPackage);
  });

  it("is not used with a Redocly plugin, which imports the package: the plugin gets the classes of Redocly's objects", { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "redocly-plugin-"));
    scratch.push(dir);
    // The plugin resolves @redocly/openapi-core as a project's own would: from the project's node_modules.
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
    cpSync(path.join(repoRoot, "specs"), path.join(dir, "specs"), { recursive: true });
    writeFileSync(
      path.join(dir, "plugin.js"),
      `import { Source } from "@redocly/openapi-core";
export default function plugin() {
  return { id: "local", rules: { oas3: { "source-class": () => ({ Info: { enter(info, ctx) { ctx.report({ message: \`a Source of the package: \${ctx.location.source instanceof Source}\`, location: ctx.location.child("title") }); } } }) } } };
}
`,
    );
    const config = readFileSync(path.join(repoRoot, "redocly.yaml"), "utf8").replace(/^rules:\n/m, "plugins:\n  - ./plugin.js\nrules:\n  local/source-class: warn\n");
    writeFileSync(path.join(dir, "redocly.yaml"), config);
    mkdirSync(path.join(dir, "generated"));
    const result = await runGenerate(["--quiet", "--no-cache", "--config", path.join(dir, "redocly.yaml")]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(dir, "generated", "solvapay.lint.txt"), "utf8")).toContain("local/source-class a Source of the package: true");
  });
});
