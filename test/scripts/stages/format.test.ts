import { readFileSync } from "node:fs";
import path from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import formatStage, { formatPiece, formatSource, PRETTIER_OPTIONS, splitForFormatting } from "../../../scripts/stages/format.js";
import typesStage from "../../../scripts/stages/types.js";
import { repoRoot } from "../../helpers/temp-project.js";

describe("format stage", () => {
  // It uses prettier's babel-ts parser for speed; the output must be what the typescript parser gives.
  it.each(["chatdash.ts", "solvapay.ts", "solvapay.client.ts", "solvapay.testing.ts", "solvapay.validators.d.ts"])("formats generated/%s as prettier's typescript parser does", async (file) => {
    const source = readFileSync(path.join(repoRoot, "generated", file), "utf8");
    const viaTypescript = await prettier.format(source, { ...PRETTIER_OPTIONS, parser: "typescript" });
    expect(viaTypescript).toBe(source);
    expect(await formatStage(source)).toBe(viaTypescript);
  });

  // The pieces are cut from the TypeScript printer's output (4-space indent), as the pipeline does.
  it.each([3, 8, 40])("formats solvapay.ts cut into about %i pieces exactly as in one piece", async (parts) => {
    const document = JSON.parse(readFileSync(path.join(repoRoot, "generated", "solvapay.bundled.json"), "utf8"));
    const header = readFileSync(path.join(repoRoot, "generated", "solvapay.ts"), "utf8").split("*/\n")[0] + "*/\n\n";
    const printed = header + typesStage(document);
    const pieces = splitForFormatting(printed, parts, 0);
    expect(pieces.length).toBeGreaterThanOrEqual(parts);
    expect(pieces.filter((p) => p.kind === "members").length).toBeGreaterThan(0);
    // components.schemas is cut inside, one level further down.
    if (parts >= 8) expect(pieces.some((p) => p.kind === "members" && p.depth === 2)).toBe(true);
    expect((await Promise.all(pieces.map(formatPiece))).join("")).toBe(await formatSource(printed));
  });

  it("keeps small files in one piece", () => {
    expect(splitForFormatting("export type A = 1;\nexport type B = 2;\n", 4)).toEqual([{ kind: "format", text: "export type A = 1;\nexport type B = 2;\n" }]);
  });

  it("formats every piece with the formatter it is given and joins them in order", async () => {
    const source = readFileSync(path.join(repoRoot, "generated", "solvapay.ts"), "utf8").replace(/^( +)/gm, "$1$1");
    const seen: string[] = [];
    const joined = await formatStage(source.repeat(1), {
      parts: 4,
      formatPiece: async (piece) => {
        seen.push(piece.kind);
        return formatPiece(piece);
      },
    });
    // Under 200 kB the file stays whole: one piece, formatted once.
    expect(seen).toEqual(["format"]);
    expect(joined).toBe(await formatSource(source));
  });
});
