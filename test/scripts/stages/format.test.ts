import { readFileSync } from "node:fs";
import path from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import formatStage, { PRETTIER_OPTIONS } from "../../../scripts/stages/format.js";
import { repoRoot } from "../../helpers/temp-project.js";

describe("format stage", () => {
  // It uses prettier's babel-ts parser for speed; the output must be what the typescript parser gives.
  it.each(["chatdash.ts", "solvapay.ts", "solvapay.meta.ts", "solvapay.validators.d.ts"])("formats generated/%s as prettier's typescript parser does", async (file) => {
    const source = readFileSync(path.join(repoRoot, "generated", file), "utf8");
    const viaTypescript = await prettier.format(source, { ...PRETTIER_OPTIONS, parser: "typescript" });
    expect(viaTypescript).toBe(source);
    expect((await formatStage({ [file]: source }))[file]).toBe(viaTypescript);
  });

  it("leaves non-TypeScript files alone", async () => {
    expect(await formatStage({ "a.js": "const  a=1" })).toEqual({ "a.js": "const  a=1" });
  });
});
