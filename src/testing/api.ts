/**
 * What `generated/<api>.testing.ts` holds for the kit (written by generate's calls stage): each call's parameters,
 * request body, responses and security as JSON Schema in the spec's dialect, plus the named schemas they `$ref`.
 */

/** A JSON Schema (draft-04 or 2020-12), `$ref`s pointing at keys of `MockApi.schemas`. */
export type JsonSchema = { readonly [keyword: string]: unknown };

export interface MediaTypeData {
  readonly schema: JsonSchema;
  /** The spec's example for this media type, if it gives one. */
  readonly example?: unknown;
}

export interface ParameterData {
  readonly name: string;
  readonly in: "path" | "query" | "header";
  readonly required: boolean;
  readonly schema: JsonSchema;
}

/** One scheme of a security requirement, as the client would satisfy it. */
export interface SecurityData {
  readonly scheme: string;
  readonly in: "bearer" | "basic" | "header" | "query" | "cookie" | "unknown";
  readonly name?: string;
}

export interface CallData {
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly ParameterData[];
  readonly body?: { readonly required: boolean; readonly content: Readonly<Record<string, MediaTypeData>> };
  /** Every status the spec declares (`200`, `4XX`, `DEFAULT`), with its media types. */
  readonly responses: Readonly<Record<string, { readonly content: Readonly<Record<string, MediaTypeData>> }>>;
  /** Alternatives (any one suffices), each a list of schemes that must all be present; empty: no security. */
  readonly security: readonly (readonly SecurityData[])[];
}

/**
 * One API, typed by its generated `<Name>Calls` interface (call name -> openapi-typescript operation) so that
 * handlers and recorded calls are typed; the data itself is the same for every API.
 */
export interface MockApi<Calls> {
  readonly name: string;
  readonly dialect: "draft-04" | "2020-12";
  readonly calls: { readonly [Name in keyof Calls]: CallData };
  readonly schemas: Readonly<Record<string, JsonSchema>>;
  /** Type only: never present at run time. */
  readonly __calls?: Calls;
}
