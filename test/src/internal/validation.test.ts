import { describe, expect, test } from "vitest";
import { issuesOf, toJsonPath, validatorFor, type ValidateFunction } from "../../../src/internal/validation.js";
import { responseValidators } from "../../../generated/chatdash.validators.js";

describe("toJsonPath", () => {
  const cases: [string, { given: string; want: string }][] = [
    ["root", { given: "", want: "$" }],
    ["nested", { given: "/product/pricing/amount", want: "$.product.pricing.amount" }],
    ["array index", { given: "/plans/0", want: "$.plans[0]" }],
    ["escaped slash and tilde", { given: "/a~1b/c~0d", want: "$['a/b']['c~d']" }],
    ["quote in a key", { given: "/it's", want: "$['it\\'s']" }],
  ];
  test.each(cases)("%s", (_, { given, want }) => {
    expect(toJsonPath(given)).toBe(want);
  });
});

describe("issuesOf", () => {
  test("reports a missing property at its own path", () => {
    const validate = Object.assign(() => false, {
      errors: [{ instancePath: "/product", keyword: "required", message: "must have required property 'id'", params: { missingProperty: "id" } }],
    }) satisfies ValidateFunction;
    expect(issuesOf(validate)).toEqual([{ path: "$.product.id", message: "is required" }]);
  });

  test("with the generated ChatDash validator, a wrong type is reported by JSONPath", () => {
    const validate = validatorFor(responseValidators, "updateProduct", 200)!;
    expect(validate({ product: { pricing: { amount: 2999 } }, extra: true })).toBe(false);
    expect(issuesOf(validate)).toEqual([{ path: "$.product.pricing.amount", message: "must be string" }]);
    expect(validate({ product: { pricing: { amount: "2999" } }, extra: true })).toBe(true);
  });

  test("validatorFor falls back from the status to its range, then to default", () => {
    const ok: ValidateFunction = () => true;
    const other: ValidateFunction = () => false;
    expect(validatorFor({ op: { "2XX": ok } }, "op", 201)).toBe(ok);
    expect(validatorFor({ op: { default: ok, "200": other } }, "op", 204)).toBe(ok);
    expect(validatorFor({ op: { "200": other } }, "op", 204)).toBeUndefined();
    expect(validatorFor({}, "op", 200)).toBeUndefined();
  });
});
