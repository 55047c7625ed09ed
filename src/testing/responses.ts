import type { CallData, MediaTypeData, MockApi } from "./api.js";
import { checkerFor } from "./schemas.js";
import { synthesize } from "./synthesize.js";

/** The status a call answers with by default: the first 2xx the spec declares, else 200. */
export function successStatus(call: CallData): number {
  const declared = Object.keys(call.responses).filter((s) => /^2\d\d$/.test(s)).sort();
  return Number(declared[0] ?? 200);
}

/** The declared response for a status: exact, then its range (`4XX`), then `default`. */
export function responseFor(call: CallData, status: number) {
  return call.responses[String(status)] ?? call.responses[`${String(status)[0]}XX`] ?? call.responses.DEFAULT;
}

/** The JSON media type of a response, if it declares one. */
export function jsonMedia(content: Readonly<Record<string, MediaTypeData>> | undefined): [string, MediaTypeData] | undefined {
  const entries = Object.entries(content ?? {});
  return entries.find(([type]) => type === "application/json") ?? entries.find(([type]) => /[/+]json\s*(;|$)/i.test(type));
}

/** The body the spec's example gives for this status, or one synthesised from its schema; `undefined` when it declares none. */
export function defaultBody(api: MockApi<unknown>, call: CallData, status: number, seed: number): { mediaType: string; body: unknown } | undefined {
  const content = responseFor(call, status)?.content;
  const json = jsonMedia(content);
  if (json) {
    const [mediaType, { example, schema }] = json;
    // Vendors' examples do not always match their own schemas (GitHub's often do not): such an example is not used.
    const usable = example !== undefined && checkerFor(api).check(schema, example).length === 0;
    return { mediaType, body: usable ? example : synthesize(api, schema, seed) };
  }
  const first = Object.entries(content ?? {})[0];
  if (!first) return undefined;
  const [mediaType, { example }] = first;
  return { mediaType, body: typeof example === "string" ? example : "" };
}

/** A fetch Response for a body, JSON-encoded unless the media type is not JSON. */
export function toResponse(status: number, body: unknown, mediaType: string | undefined, headers: Record<string, string>): Response {
  const out = new Headers(headers);
  // The Response constructor refuses a body on 204, 205 and 304.
  if (body === undefined || [204, 205, 304].includes(status)) return new Response(null, { status, headers: out });
  const type = mediaType ?? "application/json";
  if (!out.has("content-type")) out.set("content-type", type);
  const text = /json/i.test(type) ? JSON.stringify(body) : String(body);
  return new Response(text, { status, headers: out });
}

/** The same body with one value of another type: a property of an object, an item of an array, or the whole. */
export function wrongTyped(body: unknown): unknown {
  if (Array.isArray(body)) return body.length > 0 ? [wrongTyped(body[0]), ...body.slice(1)] : "not an array";
  if (body && typeof body === "object") {
    const entries = Object.entries(body);
    const [key, value] = entries[0] ?? [];
    return key === undefined ? "not an object" : { ...body, [key]: wrongTyped(value) };
  }
  if (typeof body === "string") return 12345;
  if (typeof body === "number" || typeof body === "boolean") return "not a number";
  return { unexpected: true };
}
