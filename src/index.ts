export * from "./core/errors.js";
export type { ClientOptions, Logger, RequestOptions, ValidationMode } from "./core/options.js";
export {
  createChatDashClient,
  isChatDashApiError,
  type ChatDashClient,
  type ChatDashUpdateProductInput,
  type ChatDashUpdateProductResult,
} from "./chatdash.js";
export {
  createSolvaPayClient,
  isSolvaPayApiError,
  type SolvaPayClient,
  type SolvaPayUpdatePlanBody,
  type SolvaPayUpdatePlanResult,
  type SolvaPayUpdateProductBody,
  type SolvaPayUpdateProductResult,
} from "./solvapay.js";
