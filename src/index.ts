// The main entry point: every vendor's client, from the generated index (one line per API in redocly.yaml).
export * from "../generated/clients.js";
export * from "./core/errors.js";
export type { ApiPromise } from "./core/api-promise.js";
export type { ClientOptions, FetchFunction, Logger, RequestOptions, ValidationMode } from "./core/options.js";
