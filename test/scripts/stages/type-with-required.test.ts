import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import compileCheckStage from "../../../scripts/stages/compile-check.js";
import { nullSafeWithRequired } from "../../../scripts/stages/type-with-required.js";
import typesStage from "../../../scripts/stages/types.js";

const projectRoot = fileURLToPath(new URL("../../..", import.meta.url));
const { astToString, tsWithRequired, NEVER } = createRequire(import.meta.url)("openapi-typescript/dist/lib/ts.cjs");

/** plaid.com's shape: `Cause` is allOf its nullable `PlaidError`, and requires PlaidError's properties. */
function spec(nullable: boolean) {
  return {
    openapi: "3.0.0",
    info: { title: "t", version: "1" },
    paths: {
      "/r": { get: { operationId: "getR", responses: { "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Cause" } } } } } } },
    },
    components: {
      schemas: {
        PlaidError: { type: "object", nullable, properties: { error_code: { type: "string" }, display_message: { type: "string", nullable: true } } },
        Cause: { type: "object", allOf: [{ $ref: "#/components/schemas/PlaidError" }, { type: "object", properties: { item_id: { type: "string" } } }], required: ["error_code", "item_id"] },
      },
    },
  };
}

const check = (source: string) => compileCheckStage(source, { name: "plaid", file: "specs/plaid.json", document: {}, projectRoot });
/** The compile check's errors for `source`, as "TSxxxx message" (none: it compiles). */
async function errors(source: string) {
  const error = await check(source).catch((e: { details?: string[] }) => e);
  return (error?.details ?? []).map((line) => line.replace(/^.*?: (TS\d+) /, "$1 "));
}
/** Lines that must compile, or must not, against the types. */
const probe = (types: string, line: string) => `${types}\n${line}\n`;

describe("nullSafeWithRequired", () => {
  it("replaces the helper openapi-typescript 7 adds, and nothing else", () => {
    // The helper as the library prints it: if an upgrade changes it, this fails rather than the fix going quiet.
    const added: unknown[] = [];
    tsWithRequired(NEVER, ["x"], added);
    const given = astToString(added);
    expect(given).toBe("type WithRequired<T, K extends keyof T> = T & {\n    [P in K]-?: T[P];\n};\n");
    const text = `export interface components {\n    schemas: {\n        A: WithRequired<components["schemas"]["B"], "x">;\n    };\n}\n${given}`;
    expect(nullSafeWithRequired(text)).toBe(
      `export interface components {\n    schemas: {\n        A: WithRequired<components["schemas"]["B"], "x">;\n    };\n}\ntype WithRequired<T, K extends keyof NonNullable<T>> = NonNullable<T> & {\n    [P in K]-?: NonNullable<T>[P];\n};\n`,
    );
    const without = "export interface paths {\n}\n";
    expect(nullSafeWithRequired(without)).toBe(without);
  });

  it("makes types compile where a schema requires properties of a nullable allOf base (plaid.com), typed as the spec says", async () => {
    const types = typesStage(spec(true));
    expect(types).toContain('WithRequired<components["schemas"]["PlaidError"], "error_code">');
    await expect(check(types)).resolves.toBeUndefined();
    // The helper openapi-typescript prints would not compile here: keyof (PlaidError | null) is never.
    const theirs = types.replace(/^type WithRequired[\s\S]*$/m, "type WithRequired<T, K extends keyof T> = T & {\n    [P in K]-?: T[P];\n};\n");
    expect(await errors(theirs)).toEqual([expect.stringMatching(/^TS2344 .*constraint 'never'/)]);
    // Cause is an object with its required properties; PlaidError alone stays nullable.
    const Cause = 'components["schemas"]["Cause"]';
    await expect(check(probe(types, `const ok: ${Cause} = { error_code: "E", item_id: "i", display_message: null }; void ok;`))).resolves.toBeUndefined();
    await expect(check(probe(types, `const nil: components["schemas"]["PlaidError"] = null; void nil;`))).resolves.toBeUndefined();
    expect(await errors(probe(types, `const nil: ${Cause} = null; void nil;`))).toEqual([expect.stringMatching(/^TS2322 /)]);
    expect(await errors(probe(types, `const missing: ${Cause} = { item_id: "i" }; void missing;`))).toEqual([expect.stringMatching(/^TS2322 .*error_code/)]);
    expect(await errors(probe(types, `const wrong: ${Cause} = { error_code: 1, item_id: "i" }; void wrong;`))).toEqual([expect.stringMatching(/^TS2322 /)]);
  });

  it("types a base that is not nullable as before: required properties required, the rest optional", async () => {
    const types = typesStage(spec(false));
    await expect(check(types)).resolves.toBeUndefined();
    const Cause = 'components["schemas"]["Cause"]';
    await expect(check(probe(types, `const ok: ${Cause} = { error_code: "E", item_id: "i" }; void ok;`))).resolves.toBeUndefined();
    expect(await errors(probe(types, `const missing: ${Cause} = { item_id: "i" }; void missing;`))).toEqual([expect.stringMatching(/^TS2322 .*error_code/)]);
  });
});
