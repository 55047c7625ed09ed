// @ts-check
import { GenerateError } from "../report/errors.js";
import { escapeToken, keysOf, resolvePointer } from "../report/json-pointer.js";
import { sha256 } from "../store/hash.js";
import { PRETTIER_OPTIONS } from "./format.js";
import { dialectOf, toJsonSchema } from "./json-schema.js";
import { METHODS } from "./methods.js";

/**
 * The typed calls app teams use, generated from the spec: every PUT and PATCH, and any operation an overlay marks
 * with `x-client-call`. One calling convention for every vendor, after stripe-node and openai-node: path
 * parameters in path order, then the body, then per-call options (typed header and query parameters, signal,
 * timeout, retries, idempotency key).
 */

export const CALL_EXTENSION = "x-client-call";
export const API_EXTENSION = "x-client";
const DEFAULT_CALL_METHODS = new Set(["put", "patch"]);
const FORM = "application/x-www-form-urlencoded";
// OpenAPI: header parameters with these names "SHALL be ignored"; the client sets them itself.
const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);

/**
 * @typedef {object} Call
 * @property {string} name        the method's name on the client
 * @property {string} operation   operationId, or `METHOD /path`
 * @property {string} method      upper case
 * @property {string} path
 * @property {string[]} pathParams in path order
 * @property {string | undefined} body the media type the body is sent as
 * @property {boolean} bodyRequired
 * @property {boolean} optionsRequired a required header or query parameter
 * @property {Record<string, "json" | "text" | "empty">} responses
 * @property {string} doc
 */

/**
 * Decides which operations become calls, and how each is sent. Also used by the validators stage and the tests:
 * one place knows what a call is.
 * @param {Record<string, any>} document bundled, overlays applied
 * @returns {{ calls: Call[], skipped: string[] }} `skipped`: operations that cannot be calls, and why
 */
export function callsOf(document) {
  /** @type {Call[]} */
  const calls = [];
  /** @type {string[]} */
  const skipped = [];
  const taken = new Set(["raw"]);
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation || typeof operation !== "object") continue;
      const marked = operation[CALL_EXTENSION];
      if (marked === false || (marked === undefined && !DEFAULT_CALL_METHODS.has(method))) continue;
      const pointer = `#/paths/${escapeToken(path)}/${method}`;
      const operationName = typeof operation.operationId === "string" ? operation.operationId : `${method.toUpperCase()} ${path}`;
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => resolve(document, p)).filter(Boolean);
      const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => /** @type {string} */ (m[1]));
      const body = resolve(document, operation.requestBody);
      let mediaType;
      if (body?.content) {
        mediaType = pickMediaType(Object.keys(body.content));
        if (!mediaType) {
          skipped.push(`${pointer}: request body is ${Object.keys(body.content).join(", ")}; calls send JSON or ${FORM}`);
          continue;
        }
      }
      const wanted = typeof marked === "string" ? marked : nameOf(operation.operationId, method, path);
      if (typeof marked === "string" && !/^[A-Za-z_$][\w$]*$/.test(marked)) {
        throw new GenerateError(`${CALL_EXTENSION} "${marked}" at ${pointer} is not a valid method name`);
      }
      let name = wanted;
      for (let n = 2; taken.has(name); n++) name = `${wanted}${n}`;
      taken.add(name);
      const required = (/** @type {string} */ where) =>
        parameters.some((p) => p.in === where && p.required === true && !(where === "header" && IGNORED_HEADERS.has(String(p.name).toLowerCase())));
      calls.push({
        name,
        operation: operationName,
        method: method.toUpperCase(),
        path,
        pathParams,
        body: mediaType,
        bodyRequired: body?.required === true,
        optionsRequired: required("header") || required("query"),
        responses: successResponses(document, operation.responses),
        doc: [operation.summary, `\`${method.toUpperCase()} ${path}\`${operation.operationId ? ` (${operation.operationId})` : ""}`].filter(Boolean).join("\n\n"),
      });
    }
  }
  return { calls, skipped };
}

/**
 * Writes generated/<name>.client.ts.
 * @param {string} name the API's name in redocly.yaml
 * @param {Record<string, any>} document bundled, overlays applied
 * @returns {{ source: string, clientName: string, testing: string, shapes: { client: string, testing: string }, notices: string[] }} `testing`: generated/<name>.testing.ts
 */
export default function callsStage(name, document) {
  const settings = apiSettings(name, document);
  const { calls, skipped } = callsOf(document);
  const Name = settings.name;
  // `<Call>Operation`: a bare `<Call>` could be one of the names imported above (a call named `client`).
  const aliases = calls.map((call) => `type ${pascal(call.name)}Operation = paths[${JSON.stringify(call.path)}][${JSON.stringify(call.method.toLowerCase())}];`);
  const typeExports = calls.flatMap((call) => {
    const T = pascal(call.name);
    return [
      ...(call.body ? [`export type ${Name}${T}Body = RequestBody<${T}Operation>;`] : []),
      `export type ${Name}${T}Result = SuccessBody<${T}Operation>;`,
      `export type ${Name}${T}Response = WithResponse<${T}Operation>;`,
      `export type ${Name}${T}Options = CallOptions<${T}Operation>;`,
    ];
  });
  const members = (/** @type {boolean} */ withDocs) => calls.map((call) => {
    const T = pascal(call.name);
    const args = [
      ...argumentNames(call).paths.map((arg, i) => `${arg}: PathParam<${T}Operation, ${JSON.stringify(call.pathParams[i])}>`),
      // An optional body before required options is written `X | undefined`: TypeScript allows no optional parameter there.
      ...(call.body ? [call.bodyRequired ? `body: ${Name}${T}Body` : call.optionsRequired ? `body: ${Name}${T}Body | undefined` : `body?: ${Name}${T}Body`] : []),
      `options${call.optionsRequired ? "" : "?"}: ${Name}${T}Options`,
    ];
    return `${withDocs ? `${indented(comment(call.doc))}\n` : ""}    ${call.name}(${args.join(", ")}): ApiPromise<${Name}${T}Result, ${Name}${T}Response>;`;
  });
  const implementations = calls.map((call) => {
    const T = pascal(call.name);
    const { paths: pathArgs } = argumentNames(call);
    const params = [...pathArgs, ...(call.body ? ["body"] : []), "options"];
    return `${call.name}: (${params.join(", ")}) => call<${Name}${T}Result, ${Name}${T}Response>(${JSON.stringify(call.name)}, [${pathArgs.join(", ")}], ${call.body ? "body" : "undefined"}, options),`;
  });
  const description = {
    api: { name, servers: serversOf(document) },
    ...(settings.auth ? { auth: settings.auth } : {}),
    envVar: settings.envVar,
    ...(settings.idempotency ? { idempotency: settings.idempotency } : {}),
    secrets: secretsOf(document),
    calls: Object.fromEntries(
      calls.map((call) => [
        call.name,
        { operation: call.operation, method: call.method, path: call.path, pathParams: call.pathParams, ...(call.body ? { body: call.body } : {}), responses: call.responses },
      ]),
    ),
  };
  const title = document.info?.title ? ` (${String(document.info.title)})` : "";
  // Written a second time without the comments that come from the spec, for `shapes`.
  const render = (/** @type {boolean} */ withDocs) => `import type { Client } from "openapi-fetch";
import type { ApiPromise } from "../src/core/api-promise.js";
import { createApiClient, type ApiDescription } from "../src/core/client.js";
import { ApiError } from "../src/core/errors.js";
import type { ClientOptions } from "../src/core/options.js";
import type { CallOptions, ErrorBody, PathParam, RequestBody, SuccessBody, WithResponse } from "../src/core/types.js";
import type { paths } from "./${name}.js";

export * from "../src/core/errors.js";
export type { ApiPromise } from "../src/core/api-promise.js";
export type { ClientOptions, FetchFunction, Logger, RequestOptions, ValidationMode } from "../src/core/options.js";

${aliases.join("\n")}

${typeExports.join("\n")}

/** The operations of ${name}${withDocs ? commentSafe(title) : ""} that this client calls, by call name. */
export interface ${Name}Calls {
${calls.map((call) => `    ${call.name}: ${pascal(call.name)}Operation;`).join("\n")}
}

export interface ${Name}Client {
${members(withDocs).join("\n\n")}

    /**
     * The openapi-fetch client underneath, for operations without a call here: the key, User-Agent and path guards
     * apply, but not the retries, timeouts, validation or error classes of the calls above.
     */
    readonly raw: Client<paths>;
}

const description: ApiDescription = {
${Object.entries(description)
  .filter(([, value]) => value !== undefined)
  .map(([key, value]) => `    ${JSON.stringify(key)}: ${expandedJson(value, 1)},\n`)
  .join("")}    loadValidators: () => import("./${name}.validators.js"),
};

${withDocs ? comment(`A client for ${name}${title}.${settings.auth ? ` The key defaults to the environment variable ${settings.envVar}.` : ""}`) : ""}
export function create${Name}Client(options?: ClientOptions): ${Name}Client {
  const { raw, call } = createApiClient<paths>(description, options);
  return {
    raw,
${implementations.map((line) => `    ${line}`).join("\n")}
  };
}

/** Narrows \`error\` to an \`ApiError\` of one ${Name} call and status, with \`body\` typed as the spec declares it. */
export function is${Name}ApiError<Call extends keyof ${Name}Calls, Status extends number>(
  error: unknown,
  call: Call,
  status: Status,
): error is ApiError<ErrorBody<${Name}Calls[Call], Status>> & { readonly status: Status } {
  return error instanceof ApiError && error.api === description.api.name && error.operation === description.calls[call]?.operation && error.status === status;
}
`;
  const source = render(true);
  const testing = testingSource(name, Name, document, calls);
  // What each file means to code that imports it, without its descriptions (the testing data holds none):
  // the manifest records these, and src/ and test/ are checked again only when one changes. Hashed here, as
  // the stage writes them, rather than scanned with TypeScript (0.5 s on GitHub's 1.3 MB, loading it included).
  const shapes = { client: sha256(render(false)), testing: sha256(testing) };
  return { source, testing, shapes, clientName: Name, notices: skipped.map((reason) => `${name}: no call for ${reason}`) };
}

/**
 * Client name, key variable, auth scheme and idempotency, from the spec and the API's `x-client` extension.
 * @param {string} name
 * @param {Record<string, any>} document
 */
export function apiSettings(name, document) {
  const own = document.info?.[API_EXTENSION] ?? {};
  const at = (/** @type {string} */ key) => `#/info/${API_EXTENSION}/${key}`;
  if (typeof own !== "object" || Array.isArray(own)) throw new GenerateError(`#/info/${API_EXTENSION} must be an object`);
  const clientName = own.name ?? pascal(name);
  if (typeof clientName !== "string" || !/^[A-Z][A-Za-z0-9]*$/.test(clientName)) throw new GenerateError(`${at("name")} must be a PascalCase identifier`);
  const envVar = own.apiKeyEnv ?? `${name.toUpperCase().replaceAll("-", "_")}_API_KEY`;
  if (typeof envVar !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(envVar)) throw new GenerateError(`${at("apiKeyEnv")} must be an environment variable name`);
  let idempotency;
  if (own.idempotency !== undefined) {
    const { header = "Idempotency-Key", generate = false } = own.idempotency ?? {};
    if (typeof header !== "string" || !/^[A-Za-z0-9-]+$/.test(header) || typeof generate !== "boolean") {
      throw new GenerateError(`${at("idempotency")} must be { header?: string, generate?: boolean }`);
    }
    idempotency = { header, generate };
  }
  return { name: clientName, envVar, auth: authOf(document), idempotency };
}

/**
 * The scheme the client sends its key with: the first one the calls' security requirements name that a single
 * key can satisfy (HTTP bearer or basic, an API key in a header, query or cookie; OAuth 2 and OpenID Connect
 * tokens are bearer tokens).
 * @param {Record<string, any>} document
 */
function authOf(document) {
  const schemes = document.components?.securitySchemes ?? {};
  const { calls } = callsOf(document);
  const operations = calls.map((call) => document.paths[call.path][call.method.toLowerCase()]);
  const requirements = (operations.length ? operations : [{}]).flatMap((op) => op.security ?? document.security ?? []);
  for (const requirement of requirements) {
    const names = Object.keys(requirement ?? {});
    if (names.length !== 1) continue;
    const scheme = resolve(document, schemes[/** @type {string} */ (names[0])]);
    if (scheme?.type === "http" && String(scheme.scheme).toLowerCase() === "bearer") return { in: "bearer" };
    if (scheme?.type === "http" && String(scheme.scheme).toLowerCase() === "basic") return { in: "basic" };
    if (scheme?.type === "oauth2" || scheme?.type === "openIdConnect") return { in: "bearer" };
    if (scheme?.type === "apiKey" && ["header", "query", "cookie"].includes(scheme.in) && typeof scheme.name === "string") return { in: scheme.in, name: scheme.name };
  }
  return undefined;
}

/**
 * What must never be kept on an error or logged: the security schemes' header names, and properties the spec marks
 * `writeOnly` or `format: password`.
 * @param {Record<string, any>} document
 */
function secretsOf(document) {
  const headers = new Set();
  for (const scheme of Object.values(document.components?.securitySchemes ?? {})) {
    const s = resolve(document, scheme);
    if (s?.type === "apiKey" && typeof s.name === "string") headers.add(s.name.toLowerCase());
  }
  const fields = new Set();
  const seen = new Set();
  const walk = (/** @type {any} */ node) => {
    if (!node || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    if (node.properties && typeof node.properties === "object") {
      for (const [key, schema] of Object.entries(node.properties)) {
        const s = resolve(document, schema);
        if (s && (s.writeOnly === true || s.format === "password")) fields.add(key);
      }
    }
    for (const child of Object.values(node)) walk(child);
  };
  walk(document.components?.schemas);
  walk(document.paths);
  return { headers: [...headers].sort(), fields: [...fields].sort() };
}

/**
 * Absolute server URLs, with their variables' defaults filled in; a relative one needs the caller's baseUrl.
 * @param {Record<string, any>} document
 */
function serversOf(document) {
  return (document.servers ?? []).flatMap((/** @type {any} */ server) => {
    if (typeof server?.url !== "string") return [];
    const url = server.url.replace(/\{([^}]+)\}/g, (/** @type {string} */ whole, /** @type {string} */ variable) => server.variables?.[variable]?.default ?? whole);
    return /^https?:\/\/[^{}]+$/.test(url) ? [url] : [];
  });
}

/**
 * @param {Record<string, any>} document
 * @param {Record<string, any> | undefined} responses
 * @returns {Record<string, "json" | "text" | "empty">}
 */
function successResponses(document, responses) {
  /** @type {Record<string, "json" | "text" | "empty">} */
  const result = {};
  for (const [status, value] of Object.entries(responses ?? {})) {
    if (!/^2(\d\d|XX)$/i.test(status)) continue;
    const content = Object.keys(resolve(document, value)?.content ?? {});
    result[status.toUpperCase()] = content.length === 0 ? "empty" : content.some((m) => /json/i.test(m)) ? "json" : "text";
  }
  return result;
}

/**
 * JSON where the operation offers it, then form; others (multipart, XML) are not sent by the client.
 * @param {string[]} mediaTypes
 */
function pickMediaType(mediaTypes) {
  return mediaTypes.find((m) => m === "application/json") ?? mediaTypes.find((m) => m.startsWith(FORM)) ?? mediaTypes.find((m) => /[/+]json(;|$)/i.test(m));
}

/**
 * An idiomatic method name: `ProductSdkController_updateProduct` -> `updateProduct`, `products-update` ->
 * `productsUpdate`; without an operationId, the method and the path's fixed segments (`putV1Products`).
 * @param {unknown} operationId
 * @param {string} method
 * @param {string} path
 */
export function nameOf(operationId, method, path) {
  let words;
  if (typeof operationId === "string" && /[A-Za-z]/.test(operationId)) {
    words = operationId.split(/[^A-Za-z0-9]+/).filter(Boolean);
    // NestJS and similar name operations `<Class>_<method>`: the method's own name is what callers know.
    if (words.length > 1 && /(Controller|Service|Resource|Api|Handler)$/.test(/** @type {string} */ (words[0]))) words = words.slice(1);
  } else {
    words = [method, ...path.split("/").filter((s) => s && !s.startsWith("{")).flatMap((s) => s.split(/[^A-Za-z0-9]+/))].filter(Boolean);
  }
  const name = words.map((w, i) => (i === 0 ? w[0]?.toLowerCase() + w.slice(1) : w[0]?.toUpperCase() + w.slice(1))).join("");
  return /^[A-Za-z_$]/.test(name) ? name : `call${name}`;
}

/**
 * Argument names for the path parameters, valid identifiers that cannot clash with `body` or `options`.
 * @param {Call} call
 */
function argumentNames(call) {
  const used = new Set(["body", "options", "call", "raw"]);
  const paths = call.pathParams.map((param) => {
    let id = nameOf(param, "", "") || "param";
    if (!/^[A-Za-z_$][\w$]*$/.test(id) || RESERVED.has(id)) id = `${id}Param`;
    while (used.has(id)) id = `${id}_`;
    used.add(id);
    return id;
  });
  return { paths };
}

const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await".split(" "),
);

/** @param {string} text */
function pascal(text) {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join("");
}

/**
 * A node with its local `$ref` (chain) followed.
 * @param {Record<string, any>} document
 * @param {any} node
 * @returns {any}
 */
function resolve(document, node) {
  for (let depth = 0; node && typeof node.$ref === "string" && depth < 20; depth++) node = resolvePointer(document, node.$ref);
  return node;
}

/** Objects are written one member per line down to this depth (see `expandedJson`). */
const EXPAND_DEPTH = 2;

/**
 * JSON for the client's description, laid out as the TypeScript printer lays out a type: an object too long
 * for any line (over twice prettier's width, whatever its quotes become) gets one member per line,
 * indented 4 spaces a level. Prettier breaks such an object anyway, so its output is unchanged; the format
 * stage can then cut it into members that a refresh finds in its cache.
 * Anything shorter, every array, and anything deeper than a call's entry stays on one line for prettier
 * to lay out: cutting deeper made GitHub's pieces fall into ten depths, each its own batches, and cost
 * more prettier calls than the finer cache saved.
 * @param {unknown} value
 * @param {number} [depth]
 * @returns {string}
 */
export function expandedJson(value, depth = 0) {
  const compact = JSON.stringify(value);
  if (depth >= EXPAND_DEPTH || compact.length <= 2 * /** @type {number} */ (PRETTIER_OPTIONS.printWidth) || !value || typeof value !== "object" || Array.isArray(value)) return compact;
  const indent = "    ".repeat(depth + 1);
  // As JSON.stringify does, a member it cannot write (undefined) is left out.
  const members = Object.entries(value)
    .filter(([, member]) => JSON.stringify(member) !== undefined)
    .map(([key, member]) => `${indent}${JSON.stringify(key)}: ${expandedJson(member, depth + 1)},\n`);
  return `{\n${members.join("")}${"    ".repeat(depth)}}`;
}

/**
 * The key a `$ref`'d schema gets in the testing data: its name, in characters that are safe in a relative
 * URI (ajv resolves `$ref`s as URIs), with a suffix if another schema has it already. Numbers given in
 * order of use changed every key after a schema a vendor's release added, and with them most of the
 * data's formatted pieces (GitHub v22 -> v23: half of its 0.9 MB).
 * @param {string} ref
 * @param {Set<string>} taken
 */
function schemaKey(ref, taken) {
  const name = String(keysOf(ref)?.at(-1) ?? "schema").replace(/[^A-Za-z0-9_.-]/g, "_") || "_";
  let key = `${name}.json`;
  for (let n = 2; taken.has(key); n++) key = `${name}-${n}.json`;
  return key;
}

/** Indents a comment as the members of a type one level deep. @param {string} text */
function indented(text) {
  return text.replace(/^/gm, "    ");
}

/** @param {string} text */
function commentSafe(text) {
  return text.replaceAll("*/", "*\\/");
}

/** @param {string} text */
function comment(text) {
  return `/**\n${commentSafe(text)
    .split(/\r?\n|[\u2028\u2029]/)
    .map((line) => ` * ${line}`.trimEnd())
    .join("\n")}\n */`;
}

/**
 * generated/<name>.testing.ts, for `product-clients/testing`: a module of its own, so the clients' bundles stay as small.
 * @param {string} name
 * @param {string} Name the client's name
 * @param {Record<string, any>} document
 * @param {Call[]} calls
 */
function testingSource(name, Name, document, calls) {
  const data = testingData(name, document, calls);
  return `import { createMock, type Mock, type MockApi, type MockOptions } from "../src/testing/index.js";
import type { ${Name}Calls } from "./${name}.client.js";

/** What product-clients/testing needs to stand in for ${name}: its calls' parameters, bodies, responses and security, as JSON. */
export const api: MockApi<${Name}Calls> = JSON.parse(String.raw\`${jsonForTemplate(data)}\`);

/** A mock of ${name} whose \`fetch\` checks every request against the spec: \`createMock(api, options)\`. */
export function create${Name}Mock(options?: MockOptions<${Name}Calls>): Mock<${Name}Calls> {
  return createMock(api, options);
}
`;
}

/**
 * JSON for the testing data, to sit between the backticks of a String.raw template, which the module
 * parses when it loads. Prettier prints a template as it is: GitHub's testing data (0.9 MB) took it
 * 1.0 s as an object literal, and 0.07-0.16 s as this. V8 reads JSON faster than it compiles a literal,
 * and a key named `__proto__` (a property, an example's field) stays a key, where a literal would set
 * the object's prototype with it. Laid out for reading and for diffs: a value on one line where that
 * line fits prettier's width, else one member per line, indented 2 spaces a level.
 * In a String.raw template, JSON's escapes are read as written; a backtick or `${` would end the text or
 * open a substitution, so they are written as JSON escapes (in JSON, they can only be inside a string),
 * as are U+2028 and U+2029, which some tools take for line ends.
 * @param {unknown} value a JSON value (JSON.stringify's rules: an undefined member is left out)
 */
export function jsonForTemplate(value) {
  // The outermost object always one member per line: the line it starts on holds the declaration.
  return layoutJson(JSON.parse(JSON.stringify(value)), "", 0).replace(/[`\u2028\u2029]|\$\{/g, (m) => (m === "${" ? "\\u0024{" : `\\u${m.charCodeAt(0).toString(16).padStart(4, "0")}`));
}

/**
 * @param {unknown} value parsed JSON
 * @param {string} indent the indent of the line the value starts on
 * @param {number} room characters left on that line, for the value and the comma after it
 * @returns {string}
 */
function layoutJson(value, indent, room) {
  if (!value || typeof value !== "object") return JSON.stringify(value);
  const line = oneLineJson(value, room);
  if (line !== undefined) return line;
  const inner = `${indent}  `;
  const width = /** @type {number} */ (PRETTIER_OPTIONS.printWidth);
  const members = Array.isArray(value)
    ? value.map((item) => `${inner}${layoutJson(item, inner, width - inner.length)}`)
    : Object.entries(value).map(([key, member]) => {
        const start = `${inner}${JSON.stringify(key)}: `;
        return `${start}${layoutJson(member, inner, width - start.length)}`;
      });
  if (members.length === 0) return Array.isArray(value) ? "[]" : "{}";
  return Array.isArray(value) ? `[\n${members.join(",\n")}\n${indent}]` : `{\n${members.join(",\n")}\n${indent}}`;
}

/**
 * JSON on one line, spaced as prettier spaces an object literal, if it is shorter than `room`; else undefined.
 * It stops as soon as the line is too long: asked at every level of a large value, building each level's
 * whole line made the layout quadratic in depth (GitHub's testing data: about 0.2 s of the main thread).
 * @param {unknown} value parsed JSON
 * @param {number} room
 * @returns {string | undefined}
 */
function oneLineJson(value, room) {
  if (!value || typeof value !== "object") {
    const text = JSON.stringify(value);
    return text.length < room ? text : undefined;
  }
  const array = Array.isArray(value);
  const keys = array ? undefined : Object.keys(value);
  const count = array ? value.length : /** @type {string[]} */ (keys).length;
  if (count === 0) return room > 2 ? (array ? "[]" : "{}") : undefined;
  // What is left of the room once the brackets (and, for an object, the spaces inside them) are in.
  let left = room - (array ? 2 : 4);
  /** @type {string[]} */
  const parts = [];
  for (let i = 0; i < count; i++) {
    const name = keys === undefined ? undefined : /** @type {string} */ (keys[i]);
    const key = name === undefined ? "" : `${JSON.stringify(name)}: `;
    left -= key.length + (i > 0 ? 2 : 0);
    if (left <= 0) return undefined;
    const part = oneLineJson(name === undefined ? /** @type {unknown[]} */ (value)[i] : /** @type {Record<string, unknown>} */ (value)[name], left);
    if (part === undefined) return undefined;
    left -= part.length;
    parts.push(key + part);
  }
  return array ? `[${parts.join(", ")}]` : `{ ${parts.join(", ")} }`;
}

/**
 * What the testing kit reads (src/testing/api.ts, `MockApi`): each call's parameters, request bodies, responses (with
 * the spec's examples) and security, as JSON Schema in the spec's dialect, so the kit parses no spec at test time.
 * @param {string} name
 * @param {Record<string, any>} document bundled, overlays applied
 * @param {Call[]} [calls]
 */
export function testingData(name, document, calls = callsOf(document).calls) {
  const dialect = dialectOf(document);
  /** @type {Record<string, unknown>} */
  const schemas = {};
  /** @type {Map<string, string>} */
  const keys = new Map();
  /** @type {Set<string>} */
  const taken = new Set();
  const mapRef = (/** @type {string} */ ref) => {
    let key = keys.get(ref);
    if (!key) {
      key = schemaKey(ref, taken);
      keys.set(ref, key);
      taken.add(key);
      schemas[key] = toJsonSchema(resolve(document, { $ref: ref }) ?? {}, { dialect, mapRef });
    }
    return key;
  };
  const convert = (/** @type {unknown} */ schema) => toJsonSchema(schema ?? {}, { dialect, mapRef });
  const schemes = document.components?.securitySchemes ?? {};
  const media = (/** @type {Record<string, any> | undefined} */ content) =>
    Object.fromEntries(
      Object.entries(content ?? {}).map(([type, value]) => {
        const example = value?.example !== undefined ? value.example : Object.values(value?.examples ?? {}).map((e) => resolve(document, e)?.value).find((v) => v !== undefined);
        return [type, { schema: convert(value?.schema), ...(example !== undefined ? { example } : {}) }];
      }),
    );
  const mockCalls = Object.fromEntries(
    calls.map((call) => {
      const item = document.paths[call.path];
      const operation = item[call.method.toLowerCase()];
      const byKey = new Map();
      for (const p of [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => resolve(document, p)).filter(Boolean)) byKey.set(`${p.in}:${p.name}`, p);
      const parameters = [...byKey.values()]
        .filter((p) => ["path", "query", "header"].includes(p.in) && !(p.in === "header" && IGNORED_HEADERS.has(String(p.name).toLowerCase())))
        .map((p) => ({ name: p.name, in: p.in, required: p.required === true || p.in === "path", schema: convert(p.schema) }));
      const body = resolve(document, operation.requestBody);
      const responses = Object.fromEntries(
        Object.entries(operation.responses ?? {}).map(([status, value]) => [status.toUpperCase(), { content: media(resolve(document, value)?.content) }]),
      );
      const security = (operation.security ?? document.security ?? []).map((/** @type {Record<string, unknown>} */ requirement) =>
        Object.keys(requirement ?? {}).map((scheme) => {
          const s = resolve(document, schemes[scheme]);
          if (s?.type === "http" && /^(bearer|basic)$/i.test(String(s.scheme))) return { scheme, in: String(s.scheme).toLowerCase() };
          if (s?.type === "oauth2" || s?.type === "openIdConnect") return { scheme, in: "bearer" };
          if (s?.type === "apiKey" && ["header", "query", "cookie"].includes(s.in)) return { scheme, in: s.in, name: String(s.name) };
          return { scheme, in: "unknown" };
        }),
      );
      return [
        call.name,
        { operation: call.operation, method: call.method, path: call.path, parameters, ...(call.body ? { body: { required: call.bodyRequired, content: media(body?.content) } } : {}), responses, security },
      ];
    }),
  );
  return { name, dialect, calls: mockCalls, schemas };
}
