/** Types derived from the generated `paths` of a spec, so neither the facade nor the generated calls restate a schema. */

import type { RequestOptions } from "./options.js";

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 205 | 206 | 207 | 208 | 226 | "2XX";

/** A media type the client reads as JSON: `application/json`, `application/problem+json`, `...; charset=utf-8`. */
type JsonMediaType = `${string}json${string}`;

/** The body of one response: the JSON type where it declares JSON, text for other media, `undefined` for none. */
export type ResponseBody<Response> = Response extends { content: infer Content }
  ? [keyof Content] extends [never]
    ? undefined
    : { [Media in keyof Content]: Media extends JsonMediaType ? Content[Media] : string }[keyof Content]
  : undefined;

/** What a call resolves to: the body of the operation's 2xx response(s); `undefined` for a `204`. */
export type SuccessBody<Operation> = Operation extends { responses: infer Responses }
  ? { [Status in keyof Responses]: Status extends SuccessStatus ? ResponseBody<Responses[Status]> : never }[keyof Responses]
  : never;

/** A call's result with its HTTP status and response headers, one member per 2xx status the spec declares. */
export type WithResponse<Operation> = Operation extends { responses: infer Responses }
  ? {
      [Status in keyof Responses]: Status extends SuccessStatus
        ? { readonly status: Status extends number ? Status : number; readonly data: ResponseBody<Responses[Status]>; readonly headers: Headers }
        : never;
    }[keyof Responses]
  : never;

/** The request body of an operation: its JSON body where it offers one, else its form-encoded one. */
export type RequestBody<Operation> = Operation extends { requestBody?: { content: infer Content } }
  ? Content extends { "application/json": infer Body }
    ? Body
    : Content extends { "application/x-www-form-urlencoded": infer Body }
      ? Body
      : { [Media in keyof Content]: Media extends JsonMediaType ? Content[Media] : never }[keyof Content]
  : never;

/** The path parameters of an operation. */
export type PathParams<Operation> = Operation extends { parameters: { path: infer Path } } ? Path : never;

/** One path parameter's type, as the spec declares it. */
export type PathParam<Operation, Name extends string> = PathParams<Operation> extends { [Key in Name]: infer Value } ? Value : never;

type Params<Operation, In extends "header" | "query"> = Operation extends { parameters: { [Key in In]?: infer P } }
  ? [P] extends [undefined] | [never]
    ? never
    : NonNullable<P>
  : never;

/** `{ headers }` or `{ query }`, required when a parameter in it is, absent when the operation declares none. */
type ParamOption<Name extends string, P> = [P] extends [never]
  ? {}
  : {} extends P
    ? { [Key in Name]?: P | undefined }
    : { [Key in Name]: P };

/** Per-call options: the operation's typed header and query parameters (`If-Match`), and the request options. */
export type CallOptions<Operation> = RequestOptions & ParamOption<"headers", Params<Operation, "header">> & ParamOption<"query", Params<Operation, "query">>;

/**
 * The body of an `ApiError` with this status: what the spec declares, else the text when the vendor's answer was
 * not JSON (a proxy's HTML page, say), or undefined when it was empty. `unknown` for statuses the spec does not declare.
 */
export type ErrorBody<Operation, Status extends number> = Operation extends { responses: infer Responses }
  ? Status extends keyof Responses
    ? ResponseBody<Responses[Status]> | string | undefined
    : unknown
  : unknown;
