import Ajv2020Module from "ajv/dist/2020.js";
import AjvDraft04Module from "ajv-draft-04";
import type { ValidationIssue } from "../core/errors.js";
import { issuesOf, type ValidateFunction } from "../internal/validation.js";
import type { JsonSchema, MockApi } from "./api.js";

// ajv is an optional peer dependency: only this module (reached from product-clients/testing) imports it.
type AjvLike = { addSchema(schema: object, key: string): unknown; compile(schema: object): ValidateFunction };
type AjvConstructor = new (options: Record<string, unknown>) => AjvLike;

const constructors: Record<MockApi<unknown>["dialect"], AjvConstructor> = {
  "2020-12": ((Ajv2020Module as any).default ?? Ajv2020Module) as AjvConstructor,
  "draft-04": ((AjvDraft04Module as any).default ?? AjvDraft04Module) as AjvConstructor,
};

/** Validates values against one API's schemas; `coerce` reads strings as the schema's types (parameters, forms). */
export interface SchemaChecker {
  check(schema: JsonSchema, value: unknown, options?: { coerce?: boolean }): ValidationIssue[];
}

const checkers = new WeakMap<object, SchemaChecker>();

/** One checker per API, compiled lazily and cached: ajv's compile is the slow part of a mock. */
export function checkerFor(api: MockApi<unknown>): SchemaChecker {
  let checker = checkers.get(api);
  if (checker) return checker;
  // As the generated response validators are built (scripts/stages/validators.js): formats are not checked.
  const make = (coerce: boolean) => {
    const ajv = new constructors[api.dialect]({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false, ...(coerce ? { coerceTypes: "array" } : {}) });
    for (const [key, schema] of Object.entries(api.schemas)) ajv.addSchema(schema, key);
    return ajv;
  };
  const plain = make(false);
  let coercing: AjvLike | undefined;
  const compiled = new WeakMap<object, ValidateFunction>();
  const compiledCoercing = new WeakMap<object, ValidateFunction>();
  checker = {
    check(schema, value, { coerce = false } = {}) {
      const cache = coerce ? compiledCoercing : compiled;
      let validate = cache.get(schema);
      if (!validate) {
        validate = (coerce ? (coercing ??= make(true)) : plain).compile(schema);
        cache.set(schema, validate);
      }
      return validate(value) ? [] : issuesOf(validate);
    },
  };
  checkers.set(api, checker);
  return checker;
}
