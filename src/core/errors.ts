/**
 * One hierarchy for everything a client call can throw, after openai-node's `core/error.ts`.
 * Values that came from the vendor (body, headers) are redacted of the API key before they are stored.
 */

/** Which API and operation an error came from. */
export interface ErrorSource {
  readonly api: string;
  readonly operation: string;
}

export class ProductClientError extends Error {
  override readonly name: string = "ProductClientError";

  /** Plain data for logs; every property here is already free of the API key. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) if (key !== "name") json[key] = value;
    return json;
  }
}

/** The vendor answered with a status other than 2xx. `TBody` is the parsed body (JSON, else text). */
export class ApiError<TBody = unknown> extends ProductClientError {
  override readonly name: string = "ApiError";
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: TBody;
  readonly requestId: string | undefined;
  readonly api: string;
  readonly operation: string;
  /**
   * How long the server asked the client to wait (`Retry-After`, `retry-after-ms`), when it asked. A wait longer than
   * the client will sleep is not shortened: the call fails at once, and this says when to try again.
   */
  readonly retryAfterMs: number | undefined;

  constructor(status: number, body: TBody, headers: Record<string, string>, source: ErrorSource, retryAfterMs?: number) {
    super(ApiError.describe(status, body, source, retryAfterMs));
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.requestId = headers["x-request-id"];
    this.api = source.api;
    this.operation = source.operation;
    this.retryAfterMs = retryAfterMs;
  }

  /** The status -> class factory of openai-node's `APIError.generate`. */
  static generate(status: number, body: unknown, headers: Record<string, string>, source: ErrorSource, retryAfterMs?: number): ApiError {
    const ErrorClass = status >= 500 ? InternalServerError : (ERROR_BY_STATUS[status] ?? ApiError);
    return new ErrorClass(status, body, headers, source, retryAfterMs);
  }

  private static describe(status: number, body: unknown, source: ErrorSource, retryAfterMs: number | undefined): string {
    // A browser reports a redirect it was told not to follow as status 0, with nothing else readable.
    if (status === 0 || (status >= 300 && status < 400)) {
      return `${source.api} ${source.operation} answered with a redirect${status ? ` (status ${status})` : ""}, which is not followed`;
    }
    const detail = typeof body === "string" ? body : body === undefined ? "" : JSON.stringify(body);
    const excerpt = detail.length > 200 ? `${detail.slice(0, 200)}…` : detail;
    const wait = retryAfterMs === undefined ? "" : ` (the server asks to retry after ${Math.ceil(retryAfterMs / 1000)} s)`;
    return `${source.api} ${source.operation} failed with status ${status}${wait}${excerpt ? `: ${excerpt}` : ""}`;
  }
}

export class BadRequestError<TBody = unknown> extends ApiError<TBody> {
  override readonly name: string = "BadRequestError";
}
export class AuthenticationError<TBody = unknown> extends ApiError<TBody> {
  override readonly name: string = "AuthenticationError";
}
export class PermissionDeniedError<TBody = unknown> extends ApiError<TBody> {
  override readonly name: string = "PermissionDeniedError";
}
export class NotFoundError<TBody = unknown> extends ApiError<TBody> {
  override readonly name: string = "NotFoundError";
}
export class ConflictError<TBody = unknown> extends ApiError<TBody> {
  override readonly name: string = "ConflictError";
}
export class UnprocessableEntityError<TBody = unknown> extends ApiError<TBody> {
  override readonly name: string = "UnprocessableEntityError";
}
export class RateLimitError<TBody = unknown> extends ApiError<TBody> {
  override readonly name: string = "RateLimitError";
}
export class InternalServerError<TBody = unknown> extends ApiError<TBody> {
  override readonly name: string = "InternalServerError";
}

const ERROR_BY_STATUS: Partial<Record<number, typeof ApiError>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** No response arrived: DNS, refused or reset connection, TLS. */
export class ConnectionError extends ProductClientError {
  override readonly name: string = "ConnectionError";
  readonly api: string;
  readonly operation: string;

  constructor(source: ErrorSource, message = "connection error", options?: { cause?: unknown }) {
    super(`${source.api} ${source.operation}: ${message}`, options);
    this.api = source.api;
    this.operation = source.operation;
  }
}

/** Every attempt ran out of its `timeoutMs`. */
export class TimeoutError extends ConnectionError {
  override readonly name: string = "TimeoutError";
  readonly timeoutMs: number;

  constructor(source: ErrorSource, timeoutMs: number) {
    super(source, `request timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's `signal` aborted the call; `cause` is the signal's `reason`. */
export class AbortError extends ProductClientError {
  override readonly name: string = "AbortError";
  readonly api: string;
  readonly operation: string;

  constructor(source: ErrorSource, reason?: unknown) {
    super(`${source.api} ${source.operation}: request was aborted`, { cause: reason });
    this.api = source.api;
    this.operation = source.operation;
  }
}

/** One place where a response differed from the spec; `path` is a JSONPath such as `$.product.pricing.amount`. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * A 2xx response that is not what the spec declares: a body that does not match its schema, a status or content
 * type it does not declare, or a body that could not be read. The vendor has applied the call; `body` holds what
 * it returned.
 */
export class ResponseValidationError extends ProductClientError {
  override readonly name: string = "ResponseValidationError";
  readonly status: number;
  readonly issues: readonly ValidationIssue[];
  readonly body: unknown;
  readonly requestId: string | undefined;
  readonly api: string;
  readonly operation: string;

  constructor(status: number, issues: readonly ValidationIssue[], body: unknown, requestId: string | undefined, source: ErrorSource) {
    const list = issues.map((issue) => `${issue.path} ${issue.message}`).join("; ");
    super(`${source.api} ${source.operation}: response ${status} did not match the spec: ${list}`);
    this.status = status;
    this.issues = issues;
    this.body = body;
    this.requestId = requestId;
    this.api = source.api;
    this.operation = source.operation;
  }
}
