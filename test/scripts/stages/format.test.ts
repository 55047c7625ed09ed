import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as prettier from "prettier";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import formatStage, { formatPiece, formatPieces, formatSource, type Piece, PRETTIER_OPTIONS, splitForFormatting, splitForFormattingGivingWay } from "../../../scripts/stages/format.js";
import { openCache } from "../../../scripts/store/cache.js";
import typesStage from "../../../scripts/stages/types.js";
import callsStage, { callsOf } from "../../../scripts/stages/calls.js";
import { githubSpec, realJsonSpecs } from "../../helpers/real-specs.js";
import { repoRoot } from "../../helpers/temp-project.js";

/** Where `text` has a template literal in code (not in a comment or a string): the only place prettier formats an embedded language. */
function templateLiterals(text: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const found: string[] = [];
  // The brace depth at each open `${`: the `}` that closes it continues the template.
  const open: number[] = [];
  let depth = 0;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.OpenBraceToken) depth++;
    else if (kind === ts.SyntaxKind.CloseBraceToken && open.at(-1) === depth) {
      open.pop();
      if (scanner.reScanTemplateToken(false) === ts.SyntaxKind.TemplateMiddle) open.push(depth);
    } else if (kind === ts.SyntaxKind.CloseBraceToken) depth--;
    else if (kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral || kind === ts.SyntaxKind.TemplateHead) {
      found.push(scanner.getTokenText().slice(0, 80));
      if (kind === ts.SyntaxKind.TemplateHead) open.push(depth);
    }
  }
  return found;
}

/** formatStage's result, and the pieces it sent to prettier (the whole text, where it fell back to formatting that). */
async function formatInPieces(text: string, openAbove?: number) {
  const sent: Piece[] = [];
  const recording = async (batch: Piece[]) => {
    sent.push(...batch);
    return formatPieces(batch);
  };
  return { formatted: await formatStage(text, { openAbove, formatPieces: recording }), sent };
}

describe("format stage", () => {
  it("finds a template literal in code, and none in comments or strings", () => {
    expect(templateLiterals("/** `a` */\nconst a = \"`b`\";\ntype T = `c${string}-${{ a: 1 }['a']}`;\nconst d = css`e`;\n")).toEqual(["`c${", "`e`"]);
  });

  // It uses prettier's babel-ts parser for speed; the output must be what the typescript parser gives.
  it.each(["chatdash.ts", "solvapay.ts", "solvapay.client.ts", "solvapay.testing.ts", "solvapay.validators.d.ts"])("formats generated/%s as prettier's typescript parser does", async (file) => {
    const source = readFileSync(path.join(repoRoot, "generated", file), "utf8");
    const viaTypescript = await prettier.format(source, { ...PRETTIER_OPTIONS, parser: "typescript" });
    expect(viaTypescript).toBe(source);
    // Embedded-language formatting, which PRETTIER_OPTIONS turns off, would change nothing either.
    expect(await prettier.format(source, { ...PRETTIER_OPTIONS, embeddedLanguageFormatting: "auto" })).toBe(source);
    expect(await formatStage(source)).toBe(viaTypescript);
  });

  // The pieces are cut from the TypeScript printer's output (4-space indent), as the pipeline does.
  const printedSolvaPay = () => {
    const document = JSON.parse(readFileSync(path.join(repoRoot, "generated", "solvapay.bundled.json"), "utf8"));
    const header = readFileSync(path.join(repoRoot, "generated", "solvapay.ts"), "utf8").split("*/\n")[0] + "*/\n\n";
    return { document, header, printed: header + typesStage(document) };
  };

  it.each([4000, 1000, 200, 0])("formats solvapay.ts cut inside types above %i characters exactly as in one piece", async (openAbove) => {
    const { printed } = printedSolvaPay();
    const pieces = splitForFormatting(printed, openAbove);
    expect(pieces[0]).toEqual({ kind: "verbatim", text: printed.split("*/\n")[0] + "*/\n\n" });
    expect(pieces.filter((p) => p.kind === "members").length).toBeGreaterThan(20);
    // components.schemas is cut inside, one level further down.
    expect(pieces.some((p) => p.kind === "members" && p.depth === 2)).toBe(true);
    const whole = await formatSource(printed);
    expect((await Promise.all(pieces.map(formatPiece))).join("")).toBe(whole);
    // Batched: many pieces in one prettier call, cut back apart.
    expect(await formatStage(printed, { openAbove })).toBe(whole);
  });

  // The pipeline cuts on the main thread, which also hands the workers their next tasks: it must not hold them back.
  it("cuts giving the event loop its turns, into the same pieces", async () => {
    const { printed } = printedSolvaPay();
    let turns = 0;
    const counting = setInterval(() => turns++, 0);
    try {
      // 0 ms slices: a turn of the event loop at every member.
      const pieces = await splitForFormattingGivingWay(printed, 200, 0);
      expect(pieces).toEqual(splitForFormatting(printed, 200));
      expect(turns).toBeGreaterThan(0);
    } finally {
      clearInterval(counting);
    }
  });

  it("cuts a batch's result back into exactly what each piece gives alone", async () => {
    const members = splitForFormatting(printedSolvaPay().printed, 1000).filter((p) => p.kind === "members" && p.depth === 2);
    expect(members.length).toBeGreaterThan(10);
    expect(await formatPieces(members)).toEqual(await Promise.all(members.map(formatPiece)));
  });

  // A batch whose result cuts into another number of statements than it was given pieces (here one piece
  // holds two statements) is formatted piece by piece instead: never a result cut at the wrong place.
  it("formats a batch piece by piece when its result does not cut back into as many pieces", async () => {
    const pieces: Piece[] = [
      { kind: "format", text: "export type A   = 1;\nexport type B = 2;\n" },
      { kind: "format", text: "export type C =   3;\n" },
    ];
    expect(await formatPieces(pieces)).toEqual(["export type A = 1;\nexport type B = 2;\n", "export type C = 3;\n"]);
  });

  it("changes only the doc comment's piece, which prettier does not get, when one schema's description changes", () => {
    const { document, header, printed } = printedSolvaPay();
    const [name, schema] = Object.entries(document.components.schemas as Record<string, { description?: string }>)[3] ?? [];
    (schema as { description?: string }).description = "Edited for this test.";
    const edited = header + typesStage(document);
    const before = new Set(splitForFormatting(printed).map((p) => p.text));
    const pieces = splitForFormatting(edited);
    const changed = pieces.filter((p) => !before.has(p.text));
    expect(changed).toHaveLength(1);
    expect(changed[0]).toEqual({ kind: "verbatim", text: "    /** @description Edited for this test. */\n" });
    // The schema's own code follows it, unchanged, as a piece of its own.
    expect(pieces[pieces.indexOf(changed[0] as Piece) + 1]?.text).toMatch(new RegExp(`^ {8}${name}: `));
  });

  it("keeps one blank line where the source has one or more between statements or members, and none at a body's ends", async () => {
    const members = Array.from({ length: 60 }, (_, i) => `    /**\n     * Call ${i}.\n     */\n    call${i}(id: string): Promise<void>;`);
    const source = `/**\n * Generated by product-clients from x\n */\n\nexport type A = 1;\n\n\nexport type B = 2;\nexport interface C {\n\n${members.join("\n\n")}\n\n}\n\n`;
    const pieces = splitForFormatting(source, 1000);
    expect(pieces.slice(0, 4)).toEqual([
      { kind: "verbatim", text: "/**\n * Generated by product-clients from x\n */\n\n" },
      { kind: "format", text: "export type A = 1;\n" },
      { kind: "verbatim", text: "\n" },
      { kind: "format", text: "export type B = 2;\n" },
    ]);
    expect(pieces.filter((p) => p.kind === "members")).toHaveLength(60);
    expect(pieces.filter((p) => p.kind === "verbatim" && p.text === "\n")).toHaveLength(1 + 59);
    expect((await Promise.all(pieces.map(formatPiece))).join("")).toBe(await formatSource(source));
  });

  // The printer writes a union of object types as `Event: {` ... `} | {` ... `};`, the shape of one type, where
  // prettier lays it out under `| {`, two levels deeper: cut as one type, its halves would be formatted wrongly.
  // Cut by alternative, a refresh formats only what changed in it (GitHub's webhooks: 116 kB unions).
  it("cuts inside unions and intersections of object types, nullable objects and arrays of them, exactly as prettier formats the whole", async () => {
    const object = (prefix: string, extra: Record<string, unknown> = {}) => ({
      type: "object",
      ...extra,
      properties: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`${prefix}${i}`, { type: "string", description: `The \`${prefix}${i}\` field, quoted as code as descriptions do.` }])),
    });
    const schemas = {
      Event: { description: "A union.", oneOf: [object("a"), object("b", { required: ["b0"] })] },
      Both: { allOf: [object("c"), object("d")] },
      Maybe: object("e", { nullable: true }),
      List: { type: "array", items: object("f") },
      Nested: { oneOf: [{ type: "object", properties: { inner: { oneOf: [object("g"), object("h")] } } }, object("i")] },
      Mixed: { oneOf: [{ allOf: [object("j"), object("k")] }, object("l")] },
      Scalar: { oneOf: [object("m"), { type: "string" }] },
      Other: { type: "string" },
    };
    const printed = typesStage({ openapi: "3.0.3", info: { title: "t", version: "1" }, paths: {}, components: { schemas } });
    expect(printed).toMatch(/\n {8}\} \| \{\n/);
    expect(printed).toMatch(/\n {8}\} & \{\n/);
    expect(printed).toMatch(/\n {8}\} \| null;\n/);
    expect(printed).toMatch(/\n {8}\}\[\];\n/);
    const pieces = splitForFormatting(printed, 200);
    const cutAt = (field: string) => pieces.filter((p) => p.kind === "members" && p.text.trimStart().startsWith(`${field}?:`)).map((p) => p.depth);
    // A union's members are formatted two levels deeper than the printer wrote them; the others where they stand.
    expect({ a: cutAt("a0"), b: cutAt("b1"), c: cutAt("c0"), d: cutAt("d0"), e: cutAt("e0"), f: cutAt("f0"), g: cutAt("g0"), i: cutAt("i0") }).toEqual({
      a: [5],
      b: [5],
      c: [3],
      d: [3],
      e: [3],
      f: [3],
      g: [8],
      i: [5],
    });
    // An object in a union with something else stays one piece: prettier prints `| string` under it.
    expect(pieces.filter((p) => p.kind === "members" && p.depth === 2).map((p) => p.text.trim().split(":")[0])).toContain("Scalar");
    const { formatted, sent } = await formatInPieces(printed, 200);
    expect(formatted).toBe(await formatSource(printed));
    expect(sent.some((p) => p.text === printed)).toBe(false);
    for (const openAbove of [0, 250]) expect(await formatStage(printed, { openAbove })).toBe(await formatSource(printed));
    // Half of the union as a piece of one type: the stand-in type would not come back as it went in.
    const lines = printed.split("\n");
    const at = lines.indexOf("        } | {");
    const half = lines.slice(at - 5, at + 5).join("\n") + "\n";
    await expect(formatPiece({ kind: "members", depth: 3, text: half })).rejects.toThrow(/not whole members/);
  });

  // The printer breaks a description at a lone "\r" or U+2028 without the " *" a doc comment's lines start
  // with; that line must not start a member, nor the member after the comment a piece of its own.
  it.each([["a lone carriage return", "\r"], ["U+2028", "\u2028"], ["U+2029", "\u2029"]])("keeps a doc comment broken at %s with its member", async (_name, lineBreak) => {
    const document = (text: string) => ({
      openapi: "3.0.3",
      info: { title: "t", version: "1" },
      paths: {},
      components: { schemas: { A: { type: "object", properties: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`p${i}`, { type: "string", description: text }])) }, B: { type: "string" } } },
    });
    const printed = typesStage(document(`Line one${lineBreak}line two`));
    expect(printed).toMatch(/\n {12}line two \*\/\n/);
    const pieces = splitForFormatting(printed, 200);
    // As many members as with "\n", where every comment line starts with " *" (there each comment is a piece of its
    // own, which prettier does not get); here each comment stays whole, with its member.
    const members = (source: string) => splitForFormatting(source, 200).filter((p) => p.kind === "members");
    expect(members(printed)).toHaveLength(members(typesStage(document("Line one\nline two"))).length);
    expect(members(printed).filter((p) => p.text.includes("line two */"))).toHaveLength(12);
    for (const piece of members(printed).filter((p) => p.text.includes("line two"))) expect(piece.text).toMatch(/^ {12}\/\*\* @description Line one/);
    const { formatted, sent } = await formatInPieces(printed, 200);
    expect(formatted).toBe(await formatSource(printed));
    // Not by the stage's fallback to the whole file.
    expect(sent.some((p) => p.text === printed)).toBe(false);
  });

  it("formats a member apart from its doc comment only where prettier would just re-indent the comment", async () => {
    const member = (comment: string[], i: number) => [...comment.map((l) => `        ${l}`), `        field${i}: string;`];
    const comments = [
      ["/** @description One line. */"],
      ["/**", " * @description Two", " *     lines.", " */"],
      // Prettier trims a comment line's trailing whitespace, and does not re-indent a comment whose lines do not all start with "*".
      ["/**", " * @description Trailing space. ", " */"],
      ["/**", "   no star", " */"],
    ];
    const body = comments.flatMap((comment, i) => member(comment, i));
    const source = `export interface A {\n    B: {\n${body.join("\n")}\n    };\n}\n`;
    const pieces = splitForFormatting(source, 0);
    expect(pieces.filter((p) => p.kind === "members").map((p) => p.text.trimStart().split("\n")[0])).toEqual(["field0: string;", "field1: string;", "/**", "/**"]);
    expect(pieces.filter((p) => p.kind === "verbatim" && p.text.includes("@description"))).toEqual([
      { kind: "verbatim", text: "    /** @description One line. */\n" },
      { kind: "verbatim", text: "    /**\n     * @description Two\n     *     lines.\n     */\n" },
    ]);
    expect(await formatStage(source, { openAbove: 0 })).toBe(await formatSource(source));
  });

  // Sources a review wrote to break the cuts: each keeps verbatim only what prettier prints as it is.
  const padded = (body: string, open = "export interface A {", close = "}") =>
    `${open}\n${body}\n${Array.from({ length: 12 }, (_, i) => `    pad${i}: ${close === "}" ? "string;" : "1,"}`).join("\n")}\n${close}\n`;
  const openedMember = (comment: string[], opening: string) =>
    `export interface A {\n${comment.map((l) => `    ${l}`).join("\n")}\n    ${opening}\n${Array.from({ length: 14 }, (_, i) => `        pad${i}: string;`).join("\n")}\n    };\n}\n`;
  it.each([
    ["a lone carriage return in a member's doc comment", padded("    /**\n     * a\rb\n     */\n    b: string;")],
    ["a one-line doc comment with a carriage return", padded("    /** a\rb */\n    b: string;")],
    ["a doc comment's later line that opens another", padded("    /**\n    /** x\n     */\n    b: string;")],
    ["code after a doc comment on its line", padded("    /** a */ b:   string; /** c */\n    d: number;")],
    ["code after a doc comment in an object", padded("    /** a */ b:  1, /** c */\n    d: 2,", "export const A = {", "};")],
    ["trailing whitespace in an opened member's doc comment", openedMember(["/**", " * x ", " */"], "b: {")],
    ["a carriage return in an opened member's doc comment", openedMember(["/**", " * x\ry", " */"], "b: {")],
    ["a single-quoted key on an opened member", openedMember([], "'d': {")],
    ["a decimal key on an opened member", openedMember([], "1.50: {")],
    ["trailing whitespace in the doc comment above a cut interface", `/**\n * A type. \n */\n${padded("    b: string;")}`],
    ["a line of spaces after a top-level doc comment", "/** x */\n \ntype A = 1;\n"],
    ["a line of a tab between statements", "type Z = 0;\n/** x */\n\t\ntype A = 1;\n"],
    ["CRLF line ends", "/** x */\r\n\r\ntype A = 1;\r\n"],
    ["a line of spaces after a doc comment above a cut interface", `/** x */\n  \n${padded("    b: string;")}`],
    ["a source whose last statement is cut and has no final newline", padded("    b: 1,", "export const A = {", "};").replace(/\n$/, "")],
    ["a template literal type whose lines look like a union of objects", "export interface components {\n    a: {\n        x: `foo\n    } | {\n        y: bar`;\n    };\n}\n"],
    [
      "a template literal type whose lines look like a union of objects, in a member over 250 characters",
      `export interface components {\n    a: {\n${Array.from({ length: 4 }, (_, i) => `        member${i}: "${"x".repeat(60)}";`).join("\n")}\n        x: \`foo\n    } | {\n        y: bar\`;\n    };\n}\n`,
    ],
  ])("formats %s exactly as whole", async (_name, source) => {
    for (const openAbove of [0, 250]) expect(await formatStage(source, { openAbove })).toBe(await formatSource(source));
  });

  // The calls stage writes the client and its testing data in the printer's layout, so that a refresh formats only the calls it changed.
  it.each(realJsonSpecs.filter((file) => "openapi" in JSON.parse(readFileSync(file, "utf8"))).map((file) => [path.basename(file), file]))(
    "formats %s's types, client and testing data in pieces exactly as whole",
    async (_name, file) => {
      const document = JSON.parse(readFileSync(file, "utf8"));
      const { source, testing } = callsStage("spec", document);
      const types = typesStage(document);
      for (const text of [types, source, testing]) {
        const { formatted, sent } = await formatInPieces(text);
        expect(formatted).toBe(await formatSource(text));
        // Not by the stage's fallback to the whole file.
        expect(sent.some((p) => p.text === text)).toBe(false);
        expect(sent.length).toBeGreaterThan(1);
      }
      // So turning embedded-language formatting off (PRETTIER_OPTIONS) changes nothing: it acts on template literals
      // only, and the one in the testing data (String.raw, holding JSON) is not in a language prettier embeds.
      expect(templateLiterals(types)).toEqual([]);
      expect(templateLiterals(source)).toEqual([]);
      expect(templateLiterals(testing)).toHaveLength(1);
      expect(await prettier.format(testing, { ...PRETTIER_OPTIONS, embeddedLanguageFormatting: "auto" })).toBe(await formatSource(testing));
    },
    60_000,
  );

  it("cuts GitHub's client into a piece per statement and interface member", () => {
    const document = JSON.parse(readFileSync(githubSpec, "utf8"));
    const { source } = callsStage("github", document);
    const client = splitForFormatting(source);
    // Each call in the Calls and Client interfaces, and the client's `raw`.
    expect(client.filter((p) => p.kind === "members")).toHaveLength(2 * callsOf(document).calls.length + 1);
    // The largest pieces left: the client's function and one call's entry, far under the file (0.4 MB).
    expect(Math.max(...client.map((p) => p.text.length))).toBeLessThan(100_000);
  });

  it("formats a piece that occurs more than once once, and gives its text at every place", async () => {
    const operation = (name: string) =>
      `    ${name}: {\n        parameters: {\n            query?:   never;\n            path: {\n                owner: string;\n            };\n        };\n        requestBody?: never;\n        responses: {\n            200: components["responses"]["ok"];\n        };\n    };\n`;
    const printed = `export interface operations {\n${["a", "b", "c"].map(operation).join("")}}\n`;
    const pieces = splitForFormatting(printed, 40).filter((p) => p.kind !== "verbatim");
    const distinct = new Set(pieces.map((p) => `${p.kind} ${p.depth} ${p.text}`));
    // Each operation is cut down to four members, the same four in all three.
    expect(pieces).toHaveLength(12);
    expect(distinct.size).toBe(4);
    const sent: string[] = [];
    const counting = async (batch: Piece[]) => {
      sent.push(...batch.map((p) => p.text));
      return formatPieces(batch);
    };
    expect(await formatStage(printed, { openAbove: 40, formatPieces: counting })).toBe(await formatSource(printed));
    expect(sent).toHaveLength(4);
    expect(new Set(sent).size).toBe(4);
  });

  it("formats only what the cache does not have, and gives the same bytes from it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "format-cache-"));
    try {
      const cache = openCache({ dir, key: "test" });
      const { printed } = printedSolvaPay();
      let formatted = 0;
      const counting = async (pieces: Piece[]) => {
        formatted += pieces.length;
        return formatPieces(pieces);
      };
      const first = await formatStage(printed, { cache, formatPieces: counting });
      await cache.flush();
      const cold = formatted;
      expect(cold).toBeGreaterThan(20);
      formatted = 0;
      expect(await formatStage(printed, { cache, formatPieces: counting })).toBe(first);
      expect(formatted).toBe(0);
      // One changed member: one piece formatted.
      const edited = printed.replace("export interface components {", "export interface components {\n    extra: string;");
      const withEdit = await formatStage(edited, { cache, formatPieces: counting });
      expect(formatted).toBe(1);
      expect(withEdit).toBe(await formatSource(edited));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
