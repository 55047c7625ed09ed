import type { Client } from "openapi-fetch";
import type { operations, paths } from "../generated/chatdash.js";
import { api, operations as generatedOperations } from "../generated/chatdash.meta.js";
import { createApiClient } from "./core/client.js";
import { ApiError } from "./core/errors.js";
import type { ClientOptions, RequestOptions } from "./core/options.js";
import type { ErrorBody, PathParams, RequestBody, SuccessBody } from "./core/types.js";

export * from "./core/errors.js";
export type { ClientOptions, Logger, RequestOptions, ValidationMode } from "./core/options.js";

type UpdateProduct = operations["updateProduct"];

/** The path parameters and the JSON body of ChatDash's product update, in one object. */
export type ChatDashUpdateProductInput = PathParams<UpdateProduct> & RequestBody<UpdateProduct>;
export type ChatDashUpdateProductResult = SuccessBody<UpdateProduct>;

export interface ChatDashClient {
  /** `PUT /stripe/connect/accounts/{accountId}/products/{productId}`: updates a connected account's product. */
  updateProduct(input: ChatDashUpdateProductInput, options?: RequestOptions): Promise<ChatDashUpdateProductResult>;
  /**
   * The openapi-fetch client underneath, for operations the facade does not wrap: the key, User-Agent and path
   * guards apply, but not the retries, timeouts, validation or error classes of the calls above.
   */
  readonly raw: Client<paths>;
}

/** ChatDash sends the agency key as is, without a "Bearer" prefix. */
export function createChatDashClient(options?: ClientOptions): ChatDashClient {
  const { raw, call } = createApiClient<paths>(
    {
      api,
      operations: generatedOperations,
      envVar: "CHATDASH_API_KEY",
      authorization: (apiKey) => apiKey,
      loadValidators: () => import("../generated/chatdash.validators.js"),
    },
    options,
  );
  return {
    raw,
    updateProduct({ accountId, productId, ...body }, requestOptions) {
      return call("updateProduct", { accountId, productId }, body, requestOptions) as Promise<ChatDashUpdateProductResult>;
    },
  };
}

/** Narrows `error` to an `ApiError` of one ChatDash operation and status, with `body` typed as the spec declares it. */
export function isChatDashApiError<Operation extends keyof operations, Status extends number>(
  error: unknown,
  operation: Operation,
  status: Status,
): error is ApiError<ErrorBody<operations[Operation], Status>> & { readonly status: Status } {
  return error instanceof ApiError && error.api === api.name && error.operation === operation && error.status === status;
}
