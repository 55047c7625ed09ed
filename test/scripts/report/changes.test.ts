import { mkdirSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "../../helpers/temp-project.js";

// generate compares each regenerated API with the bundled spec it replaces (scripts/diff) and
// type-checks the facade against the new types.
describe("generate's change report", () => {
  let project: TempProject;
  beforeEach(() => {
    project = tempProject();
  });
  afterEach(() => project.remove());

  const narrowBalance = (p: TempProject) =>
    p.edit("specs/solvapay.yaml", (t) =>
      t.replace("    SdkProductResponse:\n      properties:\n        balance:\n          description: Product balance in cents\n          example: 0\n          type: number", "    SdkProductResponse:\n      properties:\n        balance:\n          description: Product balance in cents\n          example: '0'\n          type: string"),
    );

  it("prints what breaks, per operation, and records it in CHANGES.md", async () => {
    narrowBalance(project);
    const result = await project.generate();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("solvapay: changes since the last generate");
    // One line at the shared schema, naming the operations it reaches, the generated call first.
    expect(result.stdout).toMatch(/BREAKING \(response\)\s+#\/components\/schemas\/SdkProductResponse\.balance\s+type changed: number -> string; reaches 3 operations: updateProduct, POST \/v1\/sdk\/products, GET \/v1\/sdk\/products\/\{productRef\}$/m);
    const changes = project.read("generated/CHANGES.md");
    expect(changes.startsWith("# Changes to the generated clients\n")).toBe(true);
    expect(changes).toContain("## solvapay 1.0\n");
    expect(changes).toContain("- `#/components/schemas/SdkProductResponse.balance`: type changed: `number` -> `string`; reaches 3 operations: updateProduct, POST /v1/sdk/products, GET /v1/sdk/products/{productRef}\n");
    expect(changes).toContain("Breaks 1 of your 2 generated calls.");
    expect(project.read("generated/solvapay.ts")).toMatch(/balance: string;/);
  });

  it("--fail-on-breaking exits 1 on a breaking change, with the new output written", async () => {
    narrowBalance(project);
    const result = await project.generate("--fail-on-breaking");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("exiting 1 because of --fail-on-breaking");
    expect(project.read("generated/solvapay.ts")).toMatch(/balance: string;/);
  });

  it("--fail-on-breaking exits 0 when only descriptions changed, counting them", async () => {
    project.edit("specs/solvapay.yaml", (t) => t.replace("description: Product balance in cents", "description: Product balance, in cents"));
    const result = await project.generate("--fail-on-breaking");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/No API changes \(\d+ descriptions? and 0 examples changed\)\./);
  });

  it("reports, file:line, where the facade no longer compiles against the new types", async () => {
    mkdirSync(project.file("src"));
    project.write("tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", noEmit: true, skipLibCheck: true, types: [] }, include: ["src", "generated/*.ts"] }));
    project.write("src/uses-balance.ts", 'import type { SchemaSdkProductResponse } from "../generated/solvapay.js";\n\nexport const cents = (p: SchemaSdkProductResponse): number => p.balance;\n');
    narrowBalance(project);
    const result = await project.generate();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the new types were written, but src/ or test/ no longer compiles against them:");
    expect(result.stderr).toMatch(/src\/uses-balance\.ts:3:\d+: Type 'string' is not assignable to type 'number'\./);
    expect(project.read("generated/solvapay.ts")).toMatch(/balance: string;/);
  });

  it("re-checks src/ only when the types changed, not when a description (a comment in them) did", async () => {
    mkdirSync(project.file("src"));
    project.write("tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", noEmit: true, skipLibCheck: true, types: [] }, include: ["src", "generated/*.ts"] }));
    // Broken whatever the types: the check's verdict shows whether it ran.
    project.write("src/broken.ts", "export const n: number = \"not a number\";\n");
    project.edit("specs/solvapay.yaml", (t) => t.replace("description: Free-form product type", "description: Free-form product type (any text)"));
    const described = await project.generate();
    expect(described.code).toBe(0);
    expect(project.read("generated/solvapay.ts")).toContain("Free-form product type (any text)");
    narrowBalance(project);
    const typed = await project.generate();
    expect(typed.code).toBe(1);
    expect(typed.stderr).toMatch(/src\/broken\.ts:1:\d+: Type 'string' is not assignable to type 'number'\./);
    expect(JSON.parse(project.read("generated/manifest.json")).facade).toBe("failed");
  });

  it("does not re-check src/ when only a call's summary (a comment in the client) changed", async () => {
    brokenSource(project);
    project.edit("specs/solvapay.yaml", (t) => t.replace("summary: Update a product\n", "summary: Update a product in place\n"));
    const result = await project.generate();
    expect(result.code).toBe(0);
    expect(project.read("generated/solvapay.client.ts")).toContain("   * Update a product in place\n");
    // The same edit with a changed call name is checked: the broken file is found.
    project.edit("specs/solvapay.yaml", (t) => t.replace("operationId: ProductSdkController_updateProduct\n", "operationId: ProductSdkController_updateProduct2\n"));
    const renamed = await project.generate();
    expect(renamed.code).toBe(1);
    expect(renamed.stderr).toMatch(/src\/broken\.ts:1:\d+: Type 'string' is not assignable to type 'number'\./);
  });

  // The manifest's token hashes stand for the files generate wrote; without them, or with a file changed since, the check runs.
  const brokenSource = (p: TempProject) => {
    mkdirSync(p.file("src"));
    p.write("tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", noEmit: true, skipLibCheck: true, types: [] }, include: ["src", "generated/*.ts"] }));
    p.write("src/broken.ts", "export const n: number = \"not a number\";\n");
    p.edit("specs/solvapay.yaml", (t) => t.replace("description: Free-form product type", "description: Free-form product type (any text)"));
  };

  it("re-checks src/ on a description edit when a generated .ts file was edited by hand since the last generate", async () => {
    brokenSource(project);
    project.edit("generated/solvapay.client.ts", (t) => `${t}export type Added = string;\n`);
    const result = await project.generate();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/src\/broken\.ts:1:\d+: Type 'string' is not assignable to type 'number'\./);
    expect(project.read("generated/solvapay.client.ts")).not.toContain("export type Added");
  });

  it("re-checks src/ on a description edit when the manifest records no token hashes (written by an older generate)", async () => {
    brokenSource(project);
    project.edit("generated/manifest.json", (t) => {
      const manifest = JSON.parse(t);
      for (const record of Object.values(manifest.apis) as Array<{ shapes?: unknown }>) delete record.shapes;
      return JSON.stringify(manifest, null, 2) + "\n";
    });
    const result = await project.generate();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/src\/broken\.ts:1:\d+: Type 'string' is not assignable to type 'number'\./);
    // Recorded now, for the next run to compare with.
    const { shapes } = JSON.parse(project.read("generated/manifest.json")).apis.solvapay;
    expect(Object.keys(shapes).sort()).toEqual(["solvapay.client.ts", "solvapay.testing.ts", "solvapay.ts", "solvapay.validators.d.ts"]);
    for (const hash of Object.values(shapes)) expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
