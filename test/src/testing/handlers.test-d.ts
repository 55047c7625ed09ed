import { expectTypeOf, test } from "vitest";
import type { SolvaPayUpdateProductBody, SolvaPayUpdateProductResult } from "../../../generated/solvapay.client.js";
import { api as solvapay } from "../../../generated/solvapay.testing.js";
import { createMock, reply } from "../../../src/testing/index.js";

test("handlers see the call's typed request and must answer with the spec's body for the status", () => {
  const mock = createMock(solvapay, {
    handlers: {
      updateProduct: (request, defaults) => {
        expectTypeOf(request.call).toEqualTypeOf<"updateProduct">();
        expectTypeOf(request.body).toEqualTypeOf<SolvaPayUpdateProductBody>();
        expectTypeOf(request.pathParams).toEqualTypeOf<{ productRef: string }>();
        expectTypeOf(defaults.body).toEqualTypeOf<SolvaPayUpdateProductResult>();
        return { ...defaults.body, name: "Pro" };
      },
      updatePlan: () => ({ status: 200 }),
    },
  });
  // A status the spec declares, without a body (404 declares none).
  mock.on("updateProduct", () => ({ status: 404 }));
  mock.on("updateProduct", (_, defaults) => reply(200, defaults.body));
  // @ts-expect-error a body missing the response's required fields
  mock.on("updateProduct", () => ({ name: "Pro" }));
  // @ts-expect-error a wrong-typed field
  mock.on("updateProduct", (_, defaults) => ({ ...defaults.body, balance: "lots" }));
  // @ts-expect-error a status the spec does not declare for the call
  mock.on("updateProduct", () => ({ status: 418 }));
  // @ts-expect-error a body where the spec declares none (updatePlan's 200 is empty)
  mock.on("updatePlan", () => ({ status: 200, body: { ok: true } }));
  // @ts-expect-error not a call of this API
  mock.on("deleteProduct", () => undefined);
  // @ts-expect-error no such call for a scenario
  mock.failNext(500, { call: "nope" });
  expectTypeOf(mock.callsOf("updatePlan")[0]!.pathParams).toEqualTypeOf<{ productRef: string; planRef: string }>();
});
