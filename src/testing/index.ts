/**
 * product-clients/testing: a mock of any generated client's API that checks every request against the spec.
 * Test-only: it needs ajv (and ajv-draft-04 for OpenAPI 3.0 specs), optional peer dependencies of the package.
 */
export type { CallData, JsonSchema, MockApi } from "./api.js";
export { RequestValidationError, type Violation } from "./errors.js";
export { createMock, reply, type Mock, type MockFetch } from "./mock.js";
export { mswHandlers, type MswHttp } from "./msw.js";
export type { Handler, HandlerResult, Handlers, MockOptions, MockReply, MockRequest, RecordedCall, ScenarioOptions } from "./types.js";
