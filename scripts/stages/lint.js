// @ts-check
import { getLineColLocation, lintDocument } from "./redocly.js";
import path from "node:path";
import { GenerateError } from "../report/errors.js";
import { escapeToken, keysOf, pointerOf, resolvePointer, unescapeToken } from "../report/json-pointer.js";
import { describeProblem, locateProblem, messageOf, relative } from "../report/problems.js";
import { writtenPlace } from "../report/written-place.js";
import { METHODS } from "./methods.js";
import { schemaNameMappings } from "./mapping-names.js";
import { nullSchemas } from "./null-schemas.js";

/**
 * Lints the bundled document (overlays applied) with the rules in redocly.yaml: the vendor file
 * alone would fail on flaws the overlays exist to correct. Vendor documents are third-party input:
 * `error` findings (the document cannot be typed as it means) stop the API; `warn` findings are
 * advisory, counted in one line and listed in full, one per line, for generated/<name>.lint.txt.
 * @param {import("../config/apis.js").ApiEntry} api
 * @param {{ bundled: import("@redocly/openapi-core").Document, apiConfig: import("@redocly/openapi-core").Config, resolver: import("@redocly/openapi-core").BaseResolver, projectRoot: string, files?: string[] }} input
 *   `files`: the files the bundle read, project-relative (bundle.js)
 * @returns {Promise<{ warningSummary: string, findings: string[] }>}
 */
export default async function lintStage(api, { bundled, apiConfig, resolver, projectRoot, files = [] }) {
  // The spec's files besides its root and overlays.
  const others = files.filter((file) => file !== api.root && !api.overlays.includes(file));
  const writtenAt = await writtenIn(api, { bundled, resolver, projectRoot, others });
  const linted = (await lintDocument({ document: bundled, config: apiConfig, externalRefResolver: resolver })).filter((p) => !p.ignored).map((p) => atOperationId(bundled, p));
  // Nodes are shared only through other files or YAML aliases: a JSON spec in one file (GitHub's, 13 MB) is not walked.
  const mayShare = others.length > 0 || !/^\s*\{/.test(String(bundled.source.body));
  const problems = [...linted, ...(mayShare ? sharedOperationIds(bundled, linted) : [])];
  // `message` is Redocly's, which the rules below read; `said` is what is printed.
  const located = problems
    .map((p) => ({ problem: p, ...locateProblem(p, projectRoot, getLineColLocation), rule: p.ruleId, message: messageOf(p, projectRoot), written: writtenAt(p) }))
    .map((f) => ({ ...f, said: `${f.message}${f.written}` }))
    .sort((a, b) => compare(a.file, b.file) || a.line - b.line || a.col - b.col || compare(a.pointer, b.pointer) || compare(a.rule, b.rule) || compare(a.message, b.message));
  const blocking = located.filter(
    (f) =>
      f.problem.severity === "error" &&
      !(f.rule === "struct" && (!TYPED.test(f.pointer) || IGNORED_KEY.test(f.message) || isAnnotation(f.pointer) || isIgnoredRefSibling(bundled, f) || isNullType(bundled, f) || isNullSchema(bundled, f) || isBooleanBound(bundled, f))) &&
      !(f.rule === "no-schema-type-mismatch" && constrainsNothing(bundled, f)) &&
      !(f.rule === "no-unresolved-refs" && isSchemaNameMapping(bundled, f)) &&
      !(f.rule === "path-parameters-defined" && templateMatchesBeyondRedocly(bundled, f)),
  );
  if (blocking.length > 0) {
    // Redocly reports a node it reaches twice twice: each finding is said once, and counted once.
    const details = [...new Set(blocking.map((f) => describeProblem({ ...f.problem, message: `${f.problem.message}${f.written}` }, projectRoot, getLineColLocation)))];
    throw new GenerateError(`${api.alias} fails lint with ${details.length} blocking finding${details.length === 1 ? "" : "s"}`, { file: api.root, details });
  }
  // No blocking finding: what is left is advisory.
  const findings = located.map((f) => `${f.at} ${f.pointer} ${f.rule} ${f.said}`);
  return { warningSummary: summarize(api.name, located), findings };
}

/**
 * The parts of a document that become generated code. A `struct` finding elsewhere (an unknown
 * top-level key, a malformed `info` or `tags`, an extension's content) changes no output, so it
 * is advisory like a style rule.
 */
const TYPED = /^#\/(paths|components|webhooks|servers)(\/|$)/;

/**
 * A key the OpenAPI version does not define where it stands (3.0's `nullable` in a 3.1 document, a
 * property listed beside `properties` instead of in it): openapi-typescript and ajv skip unknown
 * keys, so the output is what it would be without it. Advisory, whatever the severity.
 */
const IGNORED_KEY = /^Property `[^`]*` is not expected here\.?$/;

/**
 * An `example` or `examples` of the wrong shape (codat.io's assess API: an OpenAPI examples map where JSON Schema
 * wants a list). Examples make no type, and the validators and the testing data drop them (json-schema.js), so
 * the output is the same: advisory. A property or component that is named `examples` is not one.
 * @param {string} pointer
 */
function isAnnotation(pointer) {
  const keys = keysOf(pointer) ?? [];
  const last = keys[keys.length - 1];
  return (last === "example" || last === "examples") && !NAMES.has(keys[keys.length - 2] ?? "");
}

/** Keys whose members are named by the spec, not keywords. */
const NAMES = new Set(["properties", "patternProperties", "dependentSchemas", "$defs", "definitions", "schemas", "examples", "responses", "parameters", "headers", "requestBodies", "paths", "content", "mapping"]);

/**
 * In OpenAPI 3.0 a `$ref`'s siblings "SHALL be ignored", and they are: openapi-typescript types the `$ref`, and the
 * validators drop them (json-schema.js). A malformed sibling (dnd5eapi.co's `allOf` written as an object beside a
 * `$ref`) changes no output, so its struct finding is advisory, as spec-ref-siblings already says it is there. In
 * 3.1 siblings apply, and still block.
 * @param {import("@redocly/openapi-core").Document} bundled
 * @param {{ pointer: string, problem: import("@redocly/openapi-core").NormalizedProblem }} finding
 */
function isIgnoredRefSibling(bundled, { pointer, problem }) {
  if (!inBundle(bundled, problem, "3.0")) return false;
  const keys = keysOf(pointer) ?? [];
  for (let depth = keys.length - 1; depth > 0; depth--) {
    const node = resolvePointer(bundled.parsed, pointerOf(keys.slice(0, depth)));
    if (node && typeof node === "object" && typeof node.$ref === "string" && keys[depth] !== "$ref") return true;
  }
  return false;
}

/**
 * `type: "null"` in an OpenAPI 3.0 document (blockfrost.io's, for a JSON value that may be null): 3.0's schema object
 * has no such type, 3.1's does, and the meaning is not in doubt. openapi-typescript types it `null`, and the
 * validators' draft-04 has the type, so the output says what the vendor meant: advisory.
 * @param {import("@redocly/openapi-core").Document} bundled
 * @param {{ pointer: string, message: string, problem: import("@redocly/openapi-core").NormalizedProblem }} finding
 */
function isNullType(bundled, { pointer, problem, message }) {
  if (!inBundle(bundled, problem, "3.0")) return false;
  // Redocly's words for a Schema's `type` (a security scheme's or a media type's `type` reads otherwise), on a keyword
  // and not on a property or component named `type`.
  if (!SCHEMA_TYPE.test(message)) return false;
  const keys = keysOf(pointer) ?? [];
  return keys[keys.length - 1] === "type" && !NAMES.has(keys[keys.length - 2] ?? "") && resolvePointer(bundled.parsed, pointer) === "null";
}
const SCHEMA_TYPE = /^`type` can be one of the following only: "object", "array", "string", "number", "integer", "boolean"\.?$/;

/**
 * A boolean `exclusiveMinimum`/`exclusiveMaximum` in OpenAPI 3.1: draft-04's form, which a 3.1 document may declare
 * (`jsonSchemaDialect`, a schema's `$schema`: ReadMe's oas-examples) or carry over from 3.0. Its meaning is not in
 * doubt, and the validators read it so (json-schema.js); the types have no bounds: advisory.
 * @param {import("@redocly/openapi-core").Document} bundled
 * @param {{ pointer: string, message: string, problem: import("@redocly/openapi-core").NormalizedProblem }} finding
 */
function isBooleanBound(bundled, { pointer, message, problem }) {
  if (!inBundle(bundled, problem, "3.1")) return false;
  const keys = keysOf(pointer) ?? [];
  const last = keys[keys.length - 1];
  return (last === "exclusiveMinimum" || last === "exclusiveMaximum") && !NAMES.has(keys[keys.length - 2] ?? "") && /^Expected type `number` but got `boolean`\.?$/.test(message) && typeof resolvePointer(bundled.parsed, pointer) === "boolean";
}

/**
 * `schema: null` in a media type, a parameter or a header (Directus 15's spec): the later stages read no schema there
 * (null-schemas.js), as openapi-typescript does (`unknown`): advisory.
 * @param {import("@redocly/openapi-core").Document} bundled
 * @param {{ pointer: string, problem: import("@redocly/openapi-core").NormalizedProblem }} finding
 */
function isNullSchema(bundled, { pointer, problem }) {
  return inBundle(bundled, problem) && pointer.endsWith("/schema") && foundIn(bundled, nullSchemas).has(pointer);
}

/**
 * A discriminator mapping to a schema by its name (`mapping: { "Option One": OptionOneNoDisc }`), which OpenAPI allows
 * beside a `$ref`: Redocly resolves the name as a file and reports it unresolved. The later stages read it as the
 * `$ref` it stands for (mapping-names.js): advisory, when such a schema exists. A name that is no schema still blocks.
 * @param {import("@redocly/openapi-core").Document} bundled
 * @param {{ pointer: string, problem: import("@redocly/openapi-core").NormalizedProblem }} finding
 */
function isSchemaNameMapping(bundled, { pointer, problem }) {
  return inBundle(bundled, problem) && pointer.includes("/discriminator/mapping/") && foundIn(bundled, schemaNameMappings).has(pointer);
}

/**
 * Whether a finding lies in the bundled document itself (not in a file it `$ref`s, where its pointer leads elsewhere),
 * and, given a version prefix, whether the document is of that OpenAPI version.
 * @param {import("@redocly/openapi-core").Document} bundled
 * @param {import("@redocly/openapi-core").NormalizedProblem} problem
 * @param {string} [version] "3.0" or "3.1"
 */
function inBundle(bundled, problem, version) {
  if (problem.location?.[0]?.source !== bundled.source) return false;
  const openapi = /** @type {{ openapi?: unknown }} */ (bundled.parsed)?.openapi;
  return version === undefined || (typeof openapi === "string" && openapi.startsWith(version));
}

/** @type {WeakMap<object, Map<Function, Set<string>>>} */
const found = new WeakMap();

/**
 * The pointers `find` gives for the bundled document, found once per document however many findings ask.
 * @param {import("@redocly/openapi-core").Document} bundled
 * @param {(document: Record<string, any>) => Array<{ pointer: string }>} find
 */
function foundIn(bundled, find) {
  let byFind = found.get(bundled);
  if (!byFind) found.set(bundled, (byFind = new Map()));
  let pointers = byFind.get(find);
  if (!pointers) byFind.set(find, (pointers = new Set(find(/** @type {Record<string, any>} */ (bundled.parsed)).map((f) => f.pointer))));
  return pointers;
}

/** The names Redocly's path-parameters-defined reads in a path template; any other character hides the name from it. */
const REDOCLY_TEMPLATE_NAME = /^[a-zA-Z0-9_.-]+$/;

/**
 * Redocly's path-parameters-defined reads only `{name}`s of letters, digits, `_`, `.` and `-`; OpenAPI allows any
 * name without braces (rapidapi.com's idealspot: `/data/insights/{insight_id:}` with its parameter `insight_id:`),
 * and the rule then reports a declared parameter as unused. For such a path the check is done here instead: when
 * every operation declares exactly the template's names as path parameters (its own and the path item's), the
 * finding is Redocly's misreading and advisory; otherwise it blocks.
 * @param {import("@redocly/openapi-core").Document} bundled
 * @param {{ pointer: string, problem: import("@redocly/openapi-core").NormalizedProblem }} finding
 */
function templateMatchesBeyondRedocly(bundled, { pointer, problem }) {
  const keys = keysOf(pointer) ?? [];
  if (keys[0] !== "paths" || keys[1] === undefined || !inBundle(bundled, problem)) return false;
  const template = [...keys[1].matchAll(/\{([^{}]+)\}/g)].map((m) => /** @type {string} */ (m[1]));
  if (template.every((name) => REDOCLY_TEMPLATE_NAME.test(name))) return false;
  const item = resolvePointer(bundled.parsed, pointerOf(keys.slice(0, 2)));
  if (!item || typeof item !== "object") return false;
  const pathNames = (/** @type {unknown} */ list) =>
    (Array.isArray(list) ? list : [])
      .map((p) => (p && typeof p === "object" && typeof p.$ref === "string" ? resolvePointer(bundled.parsed, p.$ref) : p))
      .filter((p) => p && typeof p === "object" && p.in === "path")
      .map((p) => p.name);
  const wanted = [...new Set(template)].sort().join("\0");
  const operations = METHODS.filter((method) => item[method] && typeof item[method] === "object");
  return operations.length > 0 && operations.every((method) => [...new Set([...pathNames(item.parameters), ...pathNames(item[method].parameters)])].sort().join("\0") === wanted);
}

/**
 * For a spec written in several files: Redocly lints the bundle, and places a finding on what the bundle inlined from
 * another file (a path item in `paths/thing.yaml`) in the root file, at that `$ref`'s line. Such a finding is printed
 * with where its node is written (file, line, column and that file's own pointer), as `redocly lint` on the files says
 * it; its place stays the root's, with the bundle's pointer. Not with overlays: the bundle is then not what the files
 * say, and a node an overlay wrote or moved would be credited to a vendor's file.
 * @param {import("../config/apis.js").ApiEntry} api
 * @param {{ bundled: import("@redocly/openapi-core").Document, resolver: import("@redocly/openapi-core").BaseResolver, projectRoot: string, others: string[] }} input
 *   `others`: the spec's files besides its root and overlays, project-relative
 * @returns {Promise<(problem: import("@redocly/openapi-core").NormalizedProblem) => string>} `" (written in ...)"` or `""`
 */
async function writtenIn(api, { bundled, resolver, projectRoot, others }) {
  if (others.length === 0 || api.overlays.length > 0) return () => "";
  /** @type {Map<string, import("@redocly/openapi-core").Source>} */
  const sources = new Map();
  for (const file of others) {
    // Read by the bundle already: the resolver's cache answers.
    const document = await resolver.resolveDocument(null, path.resolve(projectRoot, file), true).catch(() => undefined);
    if (document && !(document instanceof Error) && typeof document.source.body === "string") sources.set(document.source.absoluteRef, document.source);
  }
  return (problem) => {
    const where = problem.location?.[0];
    if (!where?.pointer || !inBundle(bundled, problem)) return "";
    const place = writtenPlace(bundled.source, where.pointer, (file) => sources.get(file), { onKey: Boolean(where.reportOnKey), bundled: bundled.parsed });
    if (!place) return "";
    let at = relative(projectRoot, place.source.absoluteRef);
    try {
      const { start } = /** @type {{ start: { line: number, col: number } }} */ (getLineColLocation({ source: place.source, pointer: place.pointer, reportOnKey: Boolean(where.reportOnKey) }));
      at += `:${start.line}:${start.col}`;
    } catch {
      // The file alone, as locateProblem does when Redocly cannot place a pointer.
    }
    return ` (written in ${at} ${place.pointer})`;
  };
}

/**
 * Redocly's operation-operationId-unique points at `<operation>/<the operationId's value>`
 * (`#/paths/~1moons~1{id}/put/getAllData`), a key the document does not have, on the operation's line. The finding is
 * moved to the repeated `operationId` itself, and names the other operations that have it (under `paths`, `webhooks`,
 * callbacks or components), so that the overlay that renames one can be aimed from the message alone. A finding
 * already on `operationId` (a later Redocly) is kept.
 * @param {import("@redocly/openapi-core").Document} bundled
 * @param {import("@redocly/openapi-core").NormalizedProblem} problem
 * @returns {import("@redocly/openapi-core").NormalizedProblem}
 */
function atOperationId(bundled, problem) {
  const [where, ...rest] = problem.location ?? [];
  if (problem.ruleId !== "operation-operationId-unique" || !where?.pointer || !inBundle(bundled, problem)) return problem;
  // Redocly escapes the id as a pointer token but does not percent-encode it: `p%41q` is not `pAq`.
  const cut = where.pointer.lastIndexOf("/");
  const operation = where.pointer.slice(0, cut);
  const id = resolvePointer(bundled.parsed, operation)?.operationId;
  if (typeof id !== "string" || unescapeToken(where.pointer.slice(cut + 1)) !== id) return problem;
  const pointer = `${operation}/operationId`;
  const others = (operationIdsIn(bundled).get(id) ?? []).filter((at) => at !== pointer).map((at) => {
    const keys = keysOf(at) ?? [];
    // A path's own operation by its method and path; one in a callback, a webhook or a component by its pointer alone.
    return keys.length === 4 && keys[0] === "paths" ? `${keys[2]?.toUpperCase()} ${keys[1]} (${at})` : at;
  });
  const also = others.length > 0 ? ` \`${id}\` is also the operationId of ${others.join(", ")}.` : "";
  return { ...problem, message: `${problem.message}${also}`, location: [{ source: where.source, pointer, reportOnKey: false }, ...rest] };
}

/**
 * Redocly visits a node once however many places reach it, so an operation that two paths share (one file `$ref`'d
 * from both, which the bundle inlines at each, or a YAML alias) repeats its operationId unreported, and the types then
 * do not compile (TS2300, named in generated code). Each repeat of an id Redocly reported nothing for is reported as
 * Redocly reports the others, blocking: the types could not be made.
 * @param {import("@redocly/openapi-core").Document} bundled
 * @param {import("@redocly/openapi-core").NormalizedProblem[]} problems Redocly's, moved by `atOperationId`
 * @returns {import("@redocly/openapi-core").NormalizedProblem[]}
 */
function sharedOperationIds(bundled, problems) {
  const reported = new Set(
    problems.filter((p) => p.ruleId === "operation-operationId-unique").map((p) => resolvePointer(bundled.parsed, p.location?.[0]?.pointer ?? "")),
  );
  return [...operationIdsIn(bundled)]
    .filter(([id, pointers]) => pointers.length > 1 && !reported.has(id))
    .flatMap(([id, pointers]) =>
      pointers.slice(1).map((pointer) =>
        atOperationId(bundled, {
          ruleId: "operation-operationId-unique",
          severity: "error",
          message: "Every operation must have a unique `operationId`.",
          location: [{ source: bundled.source, pointer: `${pointer.slice(0, -"/operationId".length)}/${escapeToken(id)}`, reportOnKey: false }],
          suggest: [],
        }),
      ),
    );
}

/** @type {WeakMap<object, Map<string, string[]>>} */
const operationIds = new WeakMap();

/**
 * Every operation's `operationId` in the bundled document, id -> the pointers of its `operationId`s, found once per
 * document. Operations are found where OpenAPI puts them: a path item's methods under `paths`, `webhooks` and
 * `components.pathItems`, and the path items of each operation's callbacks and of `components.callbacks`; a `$ref` is
 * not followed (what it points at is found where it is). A link's or an example's `operationId` is not an operation's.
 * @param {import("@redocly/openapi-core").Document} bundled
 */
function operationIdsIn(bundled) {
  let ids = operationIds.get(bundled);
  if (ids) return ids;
  /** @type {Map<string, string[]>} */
  const found = new Map();
  const isObject = (/** @type {unknown} */ node) => node !== null && typeof node === "object" && !Array.isArray(node);
  // A path item's `$ref` may have operations beside it (3.1), which are the path's: only an operation's is skipped.
  const each = (/** @type {unknown} */ map, /** @type {(value: any, key: string) => void} */ visit) => {
    if (isObject(map)) for (const [key, value] of Object.entries(/** @type {object} */ (map))) if (isObject(value)) visit(value, key);
  };
  const callbacks = (/** @type {unknown} */ map, /** @type {string[]} */ keys) => each(map, (callback, name) => each(callback, (item, expression) => pathItem(item, [...keys, name, expression])));
  const pathItem = (/** @type {Record<string, any>} */ item, /** @type {string[]} */ keys) => {
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation) || typeof operation.$ref === "string") continue;
      if (typeof operation.operationId === "string") found.set(operation.operationId, [...(found.get(operation.operationId) ?? []), pointerOf([...keys, method, "operationId"])]);
      callbacks(operation.callbacks, [...keys, method, "callbacks"]);
    }
  };
  const document = /** @type {Record<string, any>} */ (bundled.parsed);
  each(document.paths, (item, path) => pathItem(item, ["paths", path]));
  each(document.webhooks, (item, name) => pathItem(item, ["webhooks", name]));
  each(document.components?.pathItems, (item, name) => pathItem(item, ["components", "pathItems", name]));
  callbacks(document.components?.callbacks, ["components", "callbacks"]);
  operationIds.set(bundled, (ids = found));
  return ids;
}

/**
 * A keyword of the other type that says nothing: `properties: {}` on an array (hetras-certification.net's
 * JSON Patch documents). An empty `properties` constrains no value, so the types and validators are what
 * they would be without it and no meaning the vendor gave is lost: advisory, whatever the severity. A
 * `properties` with members, or any `items` on an object, still blocks.
 * @param {import("@redocly/openapi-core").Document} bundled
 * @param {{ pointer: string, problem: import("@redocly/openapi-core").NormalizedProblem }} finding
 */
function constrainsNothing(bundled, { pointer, problem }) {
  if (!inBundle(bundled, problem) || !pointer.endsWith("/properties")) return false;
  const value = resolvePointer(bundled.parsed, pointer);
  return value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0;
}

/**
 * One line per API: the advisory findings counted per rule, most frequent first.
 * @param {string} name
 * @param {Array<{ rule: string }>} findings
 */
function summarize(name, findings) {
  if (findings.length === 0) return `${name}: lint clean`;
  /** @type {Map<string, number>} */
  const byRule = new Map();
  for (const f of findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  const rules = [...byRule].sort((a, b) => b[1] - a[1] || compare(a[0], b[0]));
  const counts = rules.map(([rule, n]) => `${rule} ${n}`).join(", ");
  return `${name}: ${findings.length} advisory lint finding${findings.length === 1 ? "" : "s"} (${counts}; see generated/${name}.lint.txt)`;
}

/** Code-unit order, the same on every machine and locale. */
function compare(/** @type {string} */ a, /** @type {string} */ b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
