import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GenerateError } from "../../../scripts/report/errors.js";
import { typeShape } from "../../../scripts/run/type-shape.js";
import { openCache } from "../../../scripts/store/cache.js";
import compileCheckStage from "../../../scripts/stages/compile-check.js";
import { deepRefs, fixDeepRefs, indexedAccess, inlineUnreachableRefs } from "../../../scripts/stages/type-refs.js";
import typesStage from "../../../scripts/stages/types.js";

const projectRoot = fileURLToPath(new URL("../../..", import.meta.url));
const json = { "application/json": { schema: { type: "object", properties: { x: { type: "string" }, list: { type: "array", items: { type: "object", properties: { z: { type: "integer" } } } } } } } };

/** A spec whose response schema `$ref`s into a response, a request body and a schema's properties. */
function documentWith(refs: Record<string, string>) {
  return {
    openapi: "3.0.3",
    info: { title: "t", version: "1" },
    paths: {
      "/v1/x": { put: { operationId: "putX", requestBody: { content: json }, responses: { "200": { $ref: "#/components/responses/R" } } } },
      "/v1/y": {
        patch: {
          operationId: "patchY",
          responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "object", properties: Object.fromEntries(Object.entries(refs).map(([k, $ref]) => [k, { $ref }])) } } } } },
        },
      },
    },
    components: {
      responses: { R: { description: "r", content: json } },
      schemas: { S: { allOf: [{ type: "object", properties: { w: { type: "string" } } }], type: "object", nullable: true, properties: { o: { type: "object", properties: { k: { type: "number" } } } } } },
    },
  };
}

const check = (document: Record<string, unknown>) => compileCheckStage(typesStage(document), { name: "things", file: "specs/things.yaml", document, projectRoot });

describe("compile-check stage", () => {
  it("passes the committed vendor types", async () => {
    for (const name of ["chatdash", "solvapay"]) {
      const source = readFileSync(new URL(`../../../generated/${name}.ts`, import.meta.url), "utf8");
      await expect(compileCheckStage(source, { name, file: `specs/${name}.yaml`, document: {}, projectRoot })).resolves.toBeUndefined();
    }
  });

  it("fails, naming the spec and the line, on a types file tsc rejects", async () => {
    const error = await compileCheckStage("export type A = B;\n", { name: "things", file: "specs/things.yaml", document: {}, projectRoot }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerateError);
    expect((error as GenerateError).message).toBe("specs/things.yaml: generated/things.ts would not compile (1 error); nothing was written");
    expect((error as GenerateError).details).toEqual(["generated/things.ts:1:17: TS2304 Cannot find name 'B'."]);
  });

  it("names the spec member whose type holds an error: a component (on its own line too), a path, an operation", async () => {
    // As openapi-typescript prints (four spaces a level), with a name that needs escaping in a pointer.
    const source = [
      "export interface paths {",
      '    "/r/{id}": {',
      "        get: {",
      "            x: Nope;",
      "        };",
      "    };",
      "}",
      "export interface components {",
      "    schemas: {",
      "        Fine: {",
      "            a: string;",
      "        };",
      '        "a/b~c": {',
      "            /** @description what it is */",
      "            kind: Lost;",
      "        };",
      "        Child: Gone;",
      "    };",
      "}",
      "export interface operations {",
      "    getR: {",
      "        y: Nada;",
      "    };",
      "}",
      "export type A = Zip;",
      "",
    ].join("\n");
    const error = await compileCheckStage(source, { name: "things", file: "specs/things.yaml", document: {}, projectRoot }).catch((e: unknown) => e);
    expect((error as GenerateError).details).toEqual([
      "#/paths/~1r~1{id} (generated/things.ts:4:16): TS2304 Cannot find name 'Nope'.",
      "#/components/schemas/a~1b~0c (generated/things.ts:15:19): TS2304 Cannot find name 'Lost'.",
      "#/components/schemas/Child (generated/things.ts:17:16): TS2304 Cannot find name 'Gone'.",
      "operation getR (generated/things.ts:22:12): TS2304 Cannot find name 'Nada'.",
      "generated/things.ts:25:17: TS2304 Cannot find name 'Zip'.",
    ]);
  });

  it("compiles $refs into a response's, a request body's and a schema's insides, once fixed up", async () => {
    const document = documentWith({
      a: "#/components/responses/R/content/application~1json/schema/properties/x",
      b: "#/paths/~1v1~1x/put/requestBody/content/application~1json/schema/properties/list/items/properties/z",
      c: "#/paths/~1v1~1x/put/requestBody/content/application~1json/schema/properties/list",
      d: "#/components/schemas/S/properties/o/properties/k",
    });
    const types = typesStage(document);
    // What the transform alone prints for `a`, which tsc rejects (no `schema` member):
    expect(fixDeepRefs('a?: components["responses"]["R"]["content"]["application/json"]["schema"]["x"];', document)).toBe(
      'a?: Exclude<NonNullable<components["responses"]["R"]["content"]["application/json"]>["x"], undefined>;',
    );
    expect(types).not.toContain('["schema"]');
    await expect(compileCheckStage(types, { name: "things", file: "specs/things.yaml", document, projectRoot })).resolves.toBeUndefined();
    // The fixed types mean what the spec says: `a` is a string, `b` a number (append a check tsc must accept, and one it must not).
    const probe = `${types}\nconst a: NonNullable<operations["patchY"]["responses"]["200"]["content"]["application/json"]["a"]> = "s";\nconst b: NonNullable<operations["patchY"]["responses"]["200"]["content"]["application/json"]["b"]> = 1;\nvoid a; void b;\n`;
    await expect(compileCheckStage(probe, { name: "things", file: "specs/things.yaml", document, projectRoot })).resolves.toBeUndefined();
    const wrong = `${types}\nconst a: NonNullable<operations["patchY"]["responses"]["200"]["content"]["application/json"]["a"]> = 1;\nvoid a;\n`;
    await expect(compileCheckStage(wrong, { name: "things", file: "specs/things.yaml", document, projectRoot })).rejects.toThrow(GenerateError);
  });

  it("inlines a $ref no indexed access reaches, so the types compile and carry its target's type", async () => {
    const document = documentWith({ f: "#/components/schemas/S/allOf/0" });
    expect(indexedAccess(document, "#/components/schemas/S/allOf/0")).toBeUndefined();
    const types = typesStage(document);
    await expect(check(document)).resolves.toBeUndefined();
    // The allOf member's own shape, where the $ref stood.
    expect(types).toMatch(/f\?: \{\s*w\?: string;/);
  });

  it("types a $ref no indexed access reaches that leads back to itself as unknown where it recurses", async () => {
    const document = documentWith({ f: "#/components/schemas/S/allOf/0" }) as { components: { schemas: { S: { allOf: Array<{ properties: Record<string, unknown> }> } } } };
    document.components.schemas.S.allOf[0]!.properties.self = { $ref: "#/components/schemas/S/allOf/0" };
    await expect(check(document as unknown as Record<string, unknown>)).resolves.toBeUndefined();
    expect(inlineUnreachableRefs(document as unknown as Record<string, unknown>)).toMatchObject({
      paths: { "/v1/y": { patch: { responses: { "200": { content: { "application/json": { schema: { properties: { f: { properties: { w: { type: "string" }, self: {} } } } } } } } } } } },
    });
  });

  it("lists only $refs deeper than a component", () => {
    const document = documentWith({ a: "#/components/responses/R/content/application~1json/schema/properties/x" });
    expect(deepRefs(document).map((r) => [r.ref, r.at])).toEqual([
      ["#/components/responses/R/content/application~1json/schema/properties/x", "#/paths/~1v1~1y/patch/responses/200/content/application~1json/schema/properties/a"],
    ]);
  });

  it("compiles a file once per tokens and tsconfig: a comment edit is not compiled again, a type edit or another tsconfig is", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "compile-check-cache-"));
    try {
      const cache = openCache({ dir: path.join(dir, "cache"), key: "k" });
      const log: string[] = [];
      const watched = {
        ...cache,
        get: (stage: string, input: string) => {
          const value = cache.get(stage, input);
          log.push(`get ${stage} ${value === undefined ? "miss" : "hit"}`);
          return value;
        },
        set: (stage: string, input: string, value: string) => {
          log.push(`set ${stage}`);
          cache.set(stage, input, value);
        },
      };
      const run = async (source: string, root = projectRoot) => {
        log.length = 0;
        await compileCheckStage(source, { name: "things", file: "specs/things.yaml", document: {}, projectRoot: root, cache: watched, shape: async () => typeShape(source) });
        await cache.flush();
        return [...log];
      };
      expect(await run("/** A thing. */\nexport type A = { a: string };\n")).toEqual(["get compile-check miss", "set compile-check"]);
      expect(await run("/** A thing, described anew. */\nexport type A = {\n  a: string\n};\n")).toEqual(["get compile-check hit"]);
      expect(await run("/** A thing. */\nexport type A = { a: number };\n")).toEqual(["get compile-check miss", "set compile-check"]);
      // What tsc rejects is never remembered: it fails every time.
      await expect(run("export type A = B;\n")).rejects.toThrow(GenerateError);
      await expect(run("export type A = B;\n")).rejects.toThrow(GenerateError);
      // Another project's tsconfig decides anew, and so does a change to a file it extends.
      const other = path.join(dir, "project");
      mkdirSync(other);
      writeFileSync(path.join(other, "base.json"), JSON.stringify({ compilerOptions: { strict: true, noUnusedLocals: true } }));
      writeFileSync(path.join(other, "tsconfig.json"), JSON.stringify({ extends: "./base.json" }));
      const thing = "/** A thing. */\nexport type A = { a: string };\n";
      expect(await run(thing, other)).toEqual(["get compile-check miss", "set compile-check"]);
      expect(await run(thing, other)).toEqual(["get compile-check hit"]);
      writeFileSync(path.join(other, "base.json"), JSON.stringify({ compilerOptions: { strict: true, noUnusedLocals: true, noUncheckedIndexedAccess: true } }));
      expect(await run(thing, other)).toEqual(["get compile-check miss", "set compile-check"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("compile-check stage with a cache", () => {
  it("reports tsc's rejection as the stage's error, not as an unhandled rejection, when the token hash comes after tsc failed", async () => {
    let unhandled: unknown;
    const onUnhandled = (reason: unknown) => (unhandled = reason);
    process.on("unhandledRejection", onUnhandled);
    const dir = mkdtempSync(path.join(tmpdir(), "compile-check-late-"));
    try {
      const cache = openCache({ dir, key: "k" });
      // The hash arrives late (a busy worker): tsc has long rejected the file by then.
      const shape = () => new Promise<string>((resolve) => setTimeout(() => resolve("late"), 3000));
      const error = await compileCheckStage("export type A = B;\n", { name: "things", file: "specs/things.yaml", document: {}, projectRoot, cache, shape }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GenerateError);
      expect(unhandled).toBeUndefined();
    } finally {
      process.off("unhandledRejection", onUnhandled);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
