import type { ValidationIssue } from "../core/errors.js";

/**
 * Requests the vendor would reject, as `mock.assertNoViolations()` reports them. Not a ProductClientError: app code
 * that handles the client's errors must not swallow a test's failure.
 */
export class RequestValidationError extends Error {
  override readonly name: string = "RequestValidationError";
  readonly violations: readonly Violation[];

  constructor(violations: readonly Violation[]) {
    const lines = violations.map((v) => `${v.call ?? "(no call)"}: ${v.method} ${v.url}: ${v.issues.map((i) => `${i.path} ${i.message}`).join("; ")}`);
    super(`${violations.length} request(s) did not match the spec:\n${lines.join("\n")}`);
    this.violations = violations;
  }
}

/** One request the spec does not accept, and the status the mock answered it with. */
export interface Violation {
  readonly call: string | undefined;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly issues: readonly ValidationIssue[];
}
