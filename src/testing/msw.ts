import type { Mock } from "./mock.js";

/**
 * As much of MSW's `http` namespace as the adapter uses. It is passed in rather than imported, so msw stays the app's
 * own dependency (any version whose resolvers take `{ request }` and return a Response) and the kit needs none.
 */
export interface MswHttp<Handler> {
  all(predicate: string, resolver: (info: { request: Request }) => Response | Promise<Response>): Handler;
}

/**
 * MSW request handlers that answer every request to `baseUrl` from the mock: checked against the spec, recorded in
 * `mock.calls`, and answered by its handlers and scenarios, exactly as when the mock is the client's `fetch`.
 * A lost or refused connection (`dropNext`, `refuseNext`) becomes MSW's network error (`Response.error()`).
 *
 * ```ts
 * import { http } from "msw";
 * import { setupServer } from "msw/node";
 * const server = setupServer(...mswHandlers(mock, http, "https://api.solvapay.com"));
 * ```
 */
export function mswHandlers<Handler>(mock: Pick<Mock<unknown>, "fetch">, http: MswHttp<Handler>, baseUrl: string): Handler[] {
  const base = baseUrl.replace(/\/+$/, "");
  return [
    http.all(`${base}/*`, async ({ request }) => {
      try {
        return await mock.fetch(request);
      } catch {
        return Response.error();
      }
    }),
  ];
}
