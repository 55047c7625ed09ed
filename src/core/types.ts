/** Types derived from the generated `operations` of a spec, so the facade never restates a schema. */

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 205 | 206 | 207 | 208 | 226 | "2XX";

/** The JSON body a response declares; `unknown` where it declares none. */
export type JsonContent<Response> = Response extends { content: { "application/json": infer Body } } ? Body : unknown;

/** What a call resolves to: the body of the operation's 2xx response(s). */
export type SuccessBody<Operation> = Operation extends { responses: infer Responses }
  ? { [Status in keyof Responses]: Status extends SuccessStatus ? JsonContent<Responses[Status]> : never }[keyof Responses]
  : never;

/** The JSON request body of an operation. */
export type RequestBody<Operation> = Operation extends { requestBody?: { content: { "application/json": infer Body } } }
  ? Body
  : never;

/** The path parameters of an operation. */
export type PathParams<Operation> = Operation extends { parameters: { path: infer Path } } ? Path : never;

/**
 * The body of an `ApiError` with this status: what the spec declares, else the text when the vendor's answer was
 * not JSON (a proxy's HTML page, say), or undefined when it was empty. `unknown` for statuses the spec does not declare.
 */
export type ErrorBody<Operation, Status extends number> = Operation extends { responses: infer Responses }
  ? Status extends keyof Responses
    ? JsonContent<Responses[Status]> | string | undefined
    : unknown
  : unknown;
