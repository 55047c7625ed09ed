import type { ValidationIssue } from "../core/errors.js";
import type { CallData, JsonSchema, MockApi, SecurityData } from "./api.js";
import { parseForm } from "./form.js";
import { checkerFor } from "./schemas.js";

/** What the mock read from one request, and what the vendor would reject in it. */
export interface CheckedRequest {
  readonly call: string | undefined;
  readonly pathParams: Record<string, unknown>;
  readonly query: Record<string, unknown>;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly issues: ValidationIssue[];
  /** The status a vendor would likely answer a rejected request with: 404, 405, 401, 415 or 400. */
  readonly status: number;
}

/** Matches a request to one of the API's calls and checks it against the spec: path, method, parameters, security, body. */
export function checkRequest(api: MockApi<unknown>, url: URL, method: string, headers: Headers, text: string): CheckedRequest {
  const headerRecord: Record<string, string> = {};
  headers.forEach((value, key) => (headerRecord[key.toLowerCase()] = value));
  const rawQuery: Record<string, string> = {};
  url.searchParams.forEach((value, key) => (rawQuery[key] ??= value));
  const base = { pathParams: {}, query: rawQuery, headers: headerRecord, body: text === "" ? undefined : text };
  const byPath = Object.entries(api.calls as Record<string, CallData>).flatMap(([name, call]) => {
    const match = templateOf(call.path).exec(url.pathname);
    return match ? [{ name, call, match }] : [];
  });
  if (byPath.length === 0) return { ...base, call: undefined, status: 404, issues: [{ path: "$", message: `${url.pathname} is the path of no call of ${api.name}` }] };
  const found = byPath.find((c) => c.call.method === method.toUpperCase());
  if (!found) {
    const allowed = byPath.map((c) => c.call.method).join(", ");
    return { ...base, call: byPath[0]?.name, status: 405, issues: [{ path: "$", message: `method ${method} is not declared for ${url.pathname} (${allowed})` }] };
  }
  const { name, call, match } = found;
  const checker = checkerFor(api);
  const issues: ValidationIssue[] = [];
  let status = 400;

  const pathParams: Record<string, unknown> = {};
  const names = [...call.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  names.forEach((param, i) => {
    const raw = match[i + 1] ?? "";
    try {
      pathParams[param] = decodeURIComponent(raw);
    } catch {
      pathParams[param] = raw;
      issues.push({ path: `$.path.${param}`, message: "is not valid percent-encoding" });
    }
  });
  const security = call.security.flat();
  const query: Record<string, unknown> = {};
  for (const key of Object.keys(rawQuery)) {
    const param = call.parameters.find((p) => p.in === "query" && p.name === key);
    const values = url.searchParams.getAll(key);
    query[key] = values.length > 1 || (param && isArraySchema(api, param.schema)) ? values : values[0];
    if (!param && !security.some((s) => s.in === "query" && s.name === key)) issues.push({ path: `$.query${member(key)}`, message: "is not a parameter of this operation" });
  }
  const headerParams: Record<string, unknown> = {};
  for (const p of call.parameters.filter((p) => p.in === "header")) {
    const value = headers.get(p.name);
    if (value !== null) headerParams[p.name.toLowerCase()] = value;
  }
  const location = (where: "path" | "query" | "header"): JsonSchema => {
    const params = call.parameters.filter((p) => p.in === where);
    const key = (n: string) => (where === "header" ? n.toLowerCase() : n);
    const required = params.filter((p) => p.required).map((p) => key(p.name));
    // draft-04 forbids an empty `required`.
    return { type: "object", properties: Object.fromEntries(params.map((p) => [key(p.name), p.schema])), ...(required.length > 0 ? { required } : {}) };
  };
  // One object per location, so ajv's paths read `$.query.limit`; strings are coerced as the schemas type them.
  const parameters = { path: pathParams, query, header: headerParams };
  issues.push(...checker.check(paramsSchema(location("path"), location("query"), location("header")), parameters, { coerce: true }));

  const missing = missingSecurity(call.security, headers, url);
  if (missing) {
    issues.push(missing);
    status = 401;
  }

  let body: unknown = text === "" ? undefined : text;
  const mediaType = headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!call.body) {
    if (text !== "") issues.push({ path: "$.body", message: "is sent, but the operation takes no request body" });
  } else if (text === "") {
    if (call.body.required) issues.push({ path: "$.body", message: "is required" });
  } else {
    const declared = Object.entries(call.body.content).find(([type]) => type.split(";")[0]?.trim().toLowerCase() === mediaType);
    if (!declared) {
      issues.push({ path: "$.header['content-type']", message: `is ${mediaType || "missing"}; the operation takes ${Object.keys(call.body.content).join(", ")}` });
      if (status === 400) status = 415;
    } else if (/[/+]json$/.test(mediaType)) {
      try {
        body = JSON.parse(text);
        issues.push(...rebase(checker.check(declared[1].schema, body), "$.body"));
      } catch {
        issues.push({ path: "$.body", message: "is not valid JSON" });
      }
    } else if (mediaType === "application/x-www-form-urlencoded") {
      body = parseForm(text);
      issues.push(...rebase(checker.check(declared[1].schema, body, { coerce: true }), "$.body"));
    }
  }
  return { call: name, pathParams, query, headers: headerRecord, body, issues, status: issues.length > 0 ? status : 200 };
}

function paramsSchema(path: JsonSchema, query: JsonSchema, header: JsonSchema): JsonSchema {
  return { type: "object", properties: { path, query, header } };
}

/** `{a}` segments match one path segment; anything before the template is the server's base path. */
const templates = new Map<string, RegExp>();
function templateOf(path: string): RegExp {
  let regex = templates.get(path);
  if (!regex) {
    const source = path
      .split(/(\{[^}]+\})/)
      .map((part) => (/^\{[^}]+\}$/.test(part) ? "([^/]+)" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("");
    regex = new RegExp(`^(?:/.*)?${source}$`);
    templates.set(path, regex);
  }
  return regex;
}

function isArraySchema(api: MockApi<unknown>, schema: JsonSchema): boolean {
  const target = typeof schema.$ref === "string" ? api.schemas[schema.$ref] : schema;
  const type = target?.type;
  return type === "array" || (Array.isArray(type) && type.includes("array"));
}

/** The first requirement's missing scheme, when no alternative the spec allows is present. */
function missingSecurity(alternatives: readonly (readonly SecurityData[])[], headers: Headers, url: URL): ValidationIssue | undefined {
  if (alternatives.length === 0) return undefined;
  let first: ValidationIssue | undefined;
  for (const schemes of alternatives) {
    const absent = schemes.find((s) => !present(s, headers, url));
    if (!absent) return undefined;
    first ??= {
      path: absent.in === "query" ? `$.query${member(absent.name ?? "")}` : absent.in === "cookie" ? "$.header.cookie" : `$.header${member((absent.in === "header" ? (absent.name ?? "") : "authorization").toLowerCase())}`,
      message: `is required by the security scheme ${absent.scheme} (${absent.in === "bearer" || absent.in === "basic" ? `Authorization: ${absent.in === "bearer" ? "Bearer" : "Basic"} ...` : `${absent.in} ${absent.name}`})`,
    };
  }
  return first;
}

function present(scheme: SecurityData, headers: Headers, url: URL): boolean {
  const authorization = headers.get("authorization") ?? "";
  switch (scheme.in) {
    case "bearer":
      return /^Bearer \S/i.test(authorization);
    case "basic":
      return /^Basic \S/i.test(authorization);
    case "header":
      return (headers.get(scheme.name ?? "") ?? "") !== "";
    case "query":
      return (url.searchParams.get(scheme.name ?? "") ?? "") !== "";
    case "cookie":
      return (headers.get("cookie") ?? "").split(/;\s*/).some((c) => c.startsWith(`${scheme.name}=`));
    default:
      // A scheme the kit cannot check (mutual TLS, say) is taken as present.
      return true;
  }
}

function rebase(issues: ValidationIssue[], root: string): ValidationIssue[] {
  return issues.map((issue) => ({ ...issue, path: root + issue.path.slice(1) }));
}

function member(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `['${key.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}']`;
}
