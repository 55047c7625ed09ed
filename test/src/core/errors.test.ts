import { describe, expect, test } from "vitest";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  ProductClientError,
  RateLimitError,
  UnprocessableEntityError,
} from "../../../src/core/errors.js";

const source = { api: "solvapay", operation: "ProductSdkController_updateProduct" };

describe("ApiError.generate", () => {
  const cases: [number, Function][] = [
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [599, InternalServerError],
  ];
  test.each(cases)("%i -> %o", (status, ErrorClass) => {
    const error = ApiError.generate(status, { error: "x" }, { "x-request-id": "req_9" }, source);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(ProductClientError);
    expect(error.name).toBe((ErrorClass as { name: string }).name);
    expect(error).toMatchObject({ status, requestId: "req_9", body: { error: "x" }, ...source });
  });

  test.each([302, 402, 418])("%i without a class of its own is a plain ApiError", (status) => {
    expect(ApiError.generate(status, "", {}, source).constructor).toBe(ApiError);
  });
});

test("the message names the api, operation and status and quotes a short body", () => {
  const error = ApiError.generate(404, { message: "Product not found" }, {}, source);
  expect(error.message).toBe('solvapay ProductSdkController_updateProduct failed with status 404: {"message":"Product not found"}');
  expect(ApiError.generate(500, "x".repeat(500), {}, source).message.length).toBeLessThan(300);
});

test("toJSON carries the public properties", () => {
  const json = ApiError.generate(429, { error: "slow down" }, { "x-request-id": "r" }, source).toJSON();
  expect(json).toMatchObject({ name: "RateLimitError", status: 429, requestId: "r", body: { error: "slow down" }, api: "solvapay" });
  expect(JSON.parse(JSON.stringify(json))).toEqual(json);
});
