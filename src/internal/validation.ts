import type { ValidationIssue } from "../core/errors.js";

/** The shape of an ajv standalone validator, as the generated `<api>.validators.d.ts` declares it. */
export type ValidateFunction = ((data: unknown) => boolean) & {
  errors?: null | Array<{ instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }>;
};

export interface ResponseValidators {
  readonly [operationId: string]: { readonly [status: string]: ValidateFunction } | undefined;
}

/** The validator for one response: exact status first, then the spec's `2XX` range, then `default`. */
export function validatorFor(validators: ResponseValidators, operationId: string, status: number): ValidateFunction | undefined {
  const byStatus = validators[operationId];
  return byStatus?.[String(status)] ?? byStatus?.[`${String(status)[0]}XX`] ?? byStatus?.default;
}

/** ajv's errors as JSONPath issues; a missing property is reported at its own path, not its parent's. */
export function issuesOf(validate: ValidateFunction): ValidationIssue[] {
  return (validate.errors ?? []).map((error) => {
    const missing = error.keyword === "required" ? error.params.missingProperty : undefined;
    const pointer = typeof missing === "string" ? `${error.instancePath}/${escapePointer(missing)}` : error.instancePath;
    return { path: toJsonPath(pointer), message: typeof missing === "string" ? "is required" : (error.message ?? error.keyword) };
  });
}

/** `/product/pricing/amount` -> `$.product.pricing.amount`; `/plans/0` -> `$.plans[0]`; odd keys are quoted. */
export function toJsonPath(pointer: string): string {
  if (pointer === "") return "$";
  return pointer
    .slice(1)
    .split("/")
    .reduce((path, token) => {
      const key = token.replace(/~1/g, "/").replace(/~0/g, "~");
      if (/^(0|[1-9]\d*)$/.test(key)) return `${path}[${key}]`;
      if (/^[A-Za-z_$][\w$]*$/.test(key)) return `${path}.${key}`;
      return `${path}['${key.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}']`;
    }, "$");
}

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}
