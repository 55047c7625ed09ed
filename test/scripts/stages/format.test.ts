import { readFileSync } from "node:fs";
import path from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import formatStage, { formatSource, joinChunks, PRETTIER_OPTIONS, splitTopLevel } from "../../../scripts/stages/format.js";
import { repoRoot } from "../../helpers/temp-project.js";

describe("format stage", () => {
  // It uses prettier's babel-ts parser for speed; the output must be what the typescript parser gives.
  it.each(["chatdash.ts", "solvapay.ts", "solvapay.meta.ts", "solvapay.validators.d.ts"])("formats generated/%s as prettier's typescript parser does", async (file) => {
    const source = readFileSync(path.join(repoRoot, "generated", file), "utf8");
    const viaTypescript = await prettier.format(source, { ...PRETTIER_OPTIONS, parser: "typescript" });
    expect(viaTypescript).toBe(source);
    expect((await formatStage({ [file]: source }))[file]).toBe(viaTypescript);
  });

  it.each([2, 3, 8])("formats solvapay.ts cut into up to %i chunks exactly as in one piece", async (parts) => {
    const whole = readFileSync(path.join(repoRoot, "generated", "solvapay.ts"), "utf8");
    // Undo prettier's work first (4-space indent, long lines), so formatting has something to do.
    const unformatted = whole.replace(/^( +)/gm, "$1$1");
    const { chunks, blankBefore } = splitTopLevel(unformatted, parts);
    // Cuts fall only between top-level declarations; solvapay.ts has a handful of large ones.
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks.length).toBeLessThanOrEqual(parts);
    expect(chunks.join("")).toBe(unformatted);
    expect(joinChunks(await Promise.all(chunks.map(formatSource)), blankBefore)).toBe(whole);
  });

  it("keeps small files in one piece", () => {
    expect(splitTopLevel("export type A = 1;\nexport type B = 2;\n", 4).chunks).toHaveLength(1);
  });

  it("leaves non-TypeScript files alone", async () => {
    expect(await formatStage({ "a.js": "const  a=1" })).toEqual({ "a.js": "const  a=1" });
  });
});
