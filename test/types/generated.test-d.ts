import { describe, expectTypeOf, it } from "vitest";
import type { operations as ChatDashOperations } from "../../generated/chatdash.js";
import type { components as SolvaPay, SchemaUpdateProductRequest } from "../../generated/solvapay.js";

// The generated types must be usable, not just valid (openapi-typescript options in scripts/stages/types.js).
describe("generated types", () => {
  it("accept arbitrary keys in free-form objects", () => {
    const body: SchemaUpdateProductRequest = { name: "Pro", metadata: { tier: "pro", seats: 5 }, config: { nested: { ok: true } } };
    expectTypeOf(body.metadata).toEqualTypeOf<Record<string, unknown> | undefined>();
  });

  it("reject unknown fields and wrong enum values in request bodies", () => {
    // @ts-expect-error `colour` is not a field of UpdateProductRequest
    const unknownField: SchemaUpdateProductRequest = { colour: "red" };
    // @ts-expect-error "archived" is not a product status
    const wrongStatus: SchemaUpdateProductRequest = { status: "archived" };
    expectTypeOf(unknownField).toEqualTypeOf<SchemaUpdateProductRequest>();
    expectTypeOf(wrongStatus).toEqualTypeOf<SchemaUpdateProductRequest>();
  });

  it("keep required response fields required", () => {
    type Product = SolvaPay["schemas"]["SdkProductResponse"];
    expectTypeOf<Product["reference"]>().toEqualTypeOf<string>();
    expectTypeOf<Product["plans"]>().toEqualTypeOf<string[] | undefined>();
  });

  it("leave ChatDash's key out of each call: the overlay made it a security scheme", () => {
    expectTypeOf<ChatDashOperations["updateProduct"]["parameters"]["header"]>().toEqualTypeOf<undefined>();
    expectTypeOf<ChatDashOperations["updateProduct"]["parameters"]["path"]>().toEqualTypeOf<{ accountId: string; productId: string }>();
  });
});
