import type { Client } from "openapi-fetch";
import type { operations, paths } from "../generated/solvapay.js";
import { api, operations as generatedOperations } from "../generated/solvapay.meta.js";
import { createApiClient } from "./core/client.js";
import { ApiError } from "./core/errors.js";
import type { ClientOptions, RequestOptions } from "./core/options.js";
import type { ErrorBody, RequestBody, SuccessBody } from "./core/types.js";

export * from "./core/errors.js";
export type { ClientOptions, Logger, RequestOptions, ValidationMode } from "./core/options.js";

type UpdateProduct = operations["ProductSdkController_updateProduct"];
type UpdatePlan = operations["PlanSdkController_updatePlan"];

export type SolvaPayUpdateProductBody = RequestBody<UpdateProduct>;
export type SolvaPayUpdateProductResult = SuccessBody<UpdateProduct>;
export type SolvaPayUpdatePlanBody = RequestBody<UpdatePlan>;
/** `unknown`: the spec declares no body for the plan update's 200. */
export type SolvaPayUpdatePlanResult = SuccessBody<UpdatePlan>;

export interface SolvaPayClient {
  /** `PUT /v1/sdk/products/{productRef}`: updates only the fields given. */
  updateProduct(productRef: string, body: SolvaPayUpdateProductBody, options?: RequestOptions): Promise<SolvaPayUpdateProductResult>;
  /** `PUT /v1/sdk/products/{productRef}/plans/{planRef}`. */
  updatePlan(productRef: string, planRef: string, body: SolvaPayUpdatePlanBody, options?: RequestOptions): Promise<SolvaPayUpdatePlanResult>;
  /**
   * The openapi-fetch client underneath, for operations the facade does not wrap: the key, User-Agent and path
   * guards apply, but not the retries, timeouts, validation or error classes of the calls above.
   */
  readonly raw: Client<paths>;
}

/** The secret key (`sk_sandbox_...` or `sk_live_...`) picks sandbox or live mode and is sent as a bearer token. */
export function createSolvaPayClient(options?: ClientOptions): SolvaPayClient {
  const { raw, call } = createApiClient<paths>(
    {
      api,
      operations: generatedOperations,
      envVar: "SOLVAPAY_API_KEY",
      authorization: (apiKey) => `Bearer ${apiKey}`,
      loadValidators: () => import("../generated/solvapay.validators.js"),
    },
    options,
  );
  return {
    raw,
    updateProduct(productRef, body, requestOptions) {
      return call("ProductSdkController_updateProduct", { productRef }, body, requestOptions) as Promise<SolvaPayUpdateProductResult>;
    },
    updatePlan(productRef, planRef, body, requestOptions) {
      return call("PlanSdkController_updatePlan", { productRef, planRef }, body, requestOptions) as Promise<SolvaPayUpdatePlanResult>;
    },
  };
}

/** Narrows `error` to an `ApiError` of one SolvaPay operation and status, with `body` typed as the spec declares it. */
export function isSolvaPayApiError<Operation extends keyof operations, Status extends number>(
  error: unknown,
  operation: Operation,
  status: Status,
): error is ApiError<ErrorBody<operations[Operation], Status>> & { readonly status: Status } {
  return error instanceof ApiError && error.api === api.name && error.operation === operation && error.status === status;
}
