import type { ValidationIssue } from "../core/errors.js";
import type { PathParams, RequestBody, ResponseBody, SuccessBody } from "../core/types.js";

type Responses<Operation> = Operation extends { responses: infer R } ? R : never;

/** What a handler sees of one request: already checked against the spec, the body parsed. */
export interface MockRequest<Operation, Name extends string = string> {
  readonly call: Name;
  readonly method: string;
  readonly url: URL;
  readonly pathParams: [PathParams<Operation>] extends [never] ? Record<string, never> : PathParams<Operation>;
  readonly query: Record<string, unknown>;
  /** Every request header, names in lower case. */
  readonly headers: Record<string, string>;
  readonly body: [RequestBody<Operation>] extends [never] ? undefined : RequestBody<Operation>;
  /** 1 for the first request of this call, 2 for the next (a retry, say), ... */
  readonly attempt: number;
}

/** An answer with a status: `body` typed as the spec declares it for that status. */
export type MockReply<Operation> = {
  [Status in keyof Responses<Operation>]: {
    readonly status: Status extends number ? Status : number;
    readonly body?: ResponseBody<Responses<Operation>[Status]>;
    readonly headers?: Record<string, string>;
  };
}[keyof Responses<Operation>];

/** A handler's answer: the 2xx body (sent with the first 2xx status the spec declares), or `{ status, body, headers }`. */
export type HandlerResult<Operation> = SuccessBody<Operation> | MockReply<Operation>;

/** `defaults.body`: what the mock would answer without the handler (the spec's example or a synthesised body), to adapt. */
export type Handler<Operation, Name extends string = string> = (
  request: MockRequest<Operation, Name>,
  defaults: { readonly body: SuccessBody<Operation> },
) => HandlerResult<Operation> | Promise<HandlerResult<Operation>>;

export type Handlers<Calls> = { [Name in keyof Calls & string]?: Handler<Calls[Name], Name> };

/** One request as the mock received it, with what the spec says is wrong in it (empty when nothing). */
export type RecordedCall<Calls> =
  | { [Name in keyof Calls & string]: MockRequest<Calls[Name], Name> & { readonly violations: readonly ValidationIssue[] } }[keyof Calls & string]
  | {
      readonly call: undefined;
      readonly method: string;
      readonly url: URL;
      readonly pathParams: Record<string, unknown>;
      readonly query: Record<string, unknown>;
      readonly headers: Record<string, string>;
      readonly body: unknown;
      readonly attempt: number;
      readonly violations: readonly ValidationIssue[];
    };

export interface MockOptions<Calls> {
  /** Per-call answers; without one, a call gets the spec's example, or a body synthesised from its schema. */
  readonly handlers?: Handlers<Calls>;
  /** Seed of the synthesised bodies (default 1): the same seed gives the same bodies. */
  readonly seed?: number;
}

/** Which calls a scenario applies to (default: any), and how many of the next ones (default 1). */
export interface ScenarioOptions<Calls> {
  readonly call?: keyof Calls & string;
  readonly times?: number;
}
