/** A `fetch` that answers from a handler and records what was sent; injected, so nothing global is patched. */
export interface Recorded {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

export type Handler = (request: Request, attempt: number) => Response | Promise<Response>;

/** The signature of an injectable fetch: the facade's calls pass `(url, init)`, `raw` calls a Request. */
export type Fetch = (input: Request | string, init?: RequestInit) => Promise<Response>;

export function recordingFetch(handler: Handler) {
  const requests: Recorded[] = [];
  const fetch: Fetch = async (input, init) => {
    // What fetch itself does with its arguments; the handler sees one Request, signal included.
    const request = new Request(input, init);
    requests.push({ method: request.method, url: request.url, headers: request.headers, body: await request.clone().text() });
    return handler(request, requests.length);
  };
  return { fetch, requests };
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { "content-type": "application/json", ...(init.headers as Record<string, string> | undefined) },
  });
}

/** Never answers, but rejects like fetch does when the request's signal aborts. */
export function hang(request: Request): Promise<Response> {
  return new Promise((_, reject) => {
    if (request.signal.aborted) return reject(request.signal.reason);
    request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
  });
}

export const SOLVAPAY_PRODUCT = {
  balance: 0,
  createdAt: "2024-01-01T00:00:00.000Z",
  id: "507f1f77bcf86cd799439011",
  isMcpPay: false,
  name: "AI Writing Assistant",
  reference: "prd_1A2B3C4D",
  status: "inactive",
  totalTransactions: 0,
  updatedAt: "2024-01-02T00:00:00.000Z",
};

export const CHATDASH_PRODUCT = {
  product: {
    productId: "prod_ABC123XYZ",
    productName: "Starter",
    description: null,
    pricing: { amount: "2999", billingCycle: "month", currency: "usd", usageLimit: 100 },
    creationDate: 1700000000,
    status: "active",
  },
};
