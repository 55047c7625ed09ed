// @ts-check
import { isDeepStrictEqual as deepEqual } from "node:util";
import { member } from "./json-path.js";
import { clientUses } from "./media-types.js";
import { UNRESOLVED } from "./resolve-ref.js";
import { METHODS } from "../stages/methods.js";

/**
 * @typedef {import("./resolve-ref.js").Node} Node
 * @typedef {import("./resolve-ref.js").RefResolver} RefResolver
 * @typedef {import("./report.js").Change} Change
 * @typedef {import("./compare-schemas.js").Notes} Notes
 * @typedef {ReturnType<typeof import("./compare-schemas.js").createSchemaComparer>} CompareSchemas
 *
 * @typedef {{ method: string, path: string, operation: Node, pathItem: Node }} OperationEntry
 * @typedef {{ oldRefs: RefResolver, newRefs: RefResolver, compareSchemas: CompareSchemas, notes: Notes }} Context
 */

export { METHODS };

/** @param {string} status */
const isSuccess = (status) => /^2(\d\d|XX)$/i.test(status);

/**
 * The document's operations keyed by method and path template, with parameter names blanked
 * so that `/p/{id}` and `/p/{ref}` are the same endpoint (the renamed parameter is reported).
 * @param {Node} doc @param {RefResolver} refs @returns {Map<string, OperationEntry>}
 */
export function collectOperations(doc, refs) {
  /** @type {Map<string, OperationEntry>} */
  const operations = new Map();
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const pathItem = refs.resolve(rawItem).node;
    // Its operations are unknown, not removed: the path is left out of both sides (see diffSpecs).
    if (pathItem === UNRESOLVED) continue;
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!operation || typeof operation !== "object") continue;
      const template = `${method} ${path.replace(/\{[^}]*\}/g, "{}")}`;
      const key = operations.has(template) ? `${method} ${path}` : template;
      operations.set(key, { method, path, operation, pathItem });
    }
  }
  return operations;
}

/** @param {{ method: string, path: string }} entry */
export const operationName = ({ method, path }) => `${method.toUpperCase()} ${path}`;

/** @param {Context} context @param {OperationEntry} before @param {OperationEntry} after @returns {Change[]} */
export function compareOperation(context, before, after) {
  const { notes } = context;
  const [o, n] = [before.operation, after.operation];
  noteDocs(notes, o, n, ["summary", "description"]);
  /** @type {Change[]} */
  const changes = [];
  if (!o.deprecated && n.deprecated) {
    changes.push({ kind: "operation-deprecated", severity: "non-breaking", path: "$", message: "operation deprecated" });
  }
  changes.push(...compareParameters(context, before, after), ...compareRequestBodies(context, o.requestBody, n.requestBody));
  changes.push(...compareResponses(context, o.responses ?? {}, n.responses ?? {}));
  return changes;
}

/**
 * Operation parameters override path-level ones with the same name and location. `incomplete`: one of them
 * is a $ref to nothing, so which parameters were added or removed is unknown.
 * @param {OperationEntry} entry @param {RefResolver} refs
 */
function parametersOf({ operation, pathItem }, refs) {
  /** @type {Map<string, Node> & { incomplete?: boolean }} */
  const byKey = new Map();
  for (const raw of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
    const parameter = refs.resolve(raw).node;
    if (parameter === UNRESOLVED) {
      byKey.incomplete = true;
      continue;
    }
    const name = parameter.in === "header" ? String(parameter.name).toLowerCase() : String(parameter.name);
    byKey.set(`${parameter.in}${member(name)}`, parameter);
  }
  return byKey;
}

/** @param {Node} parameter */
function schemaOf(parameter) {
  if (parameter.schema) return parameter.schema;
  const [media] = Object.values(parameter.content ?? {});
  return media?.schema;
}

/** @param {Context} context @param {OperationEntry} before @param {OperationEntry} after @returns {Change[]} */
function compareParameters(context, before, after) {
  const o = parametersOf(before, context.oldRefs);
  const n = parametersOf(after, context.newRefs);
  /** @type {Change[]} */
  const changes = [];
  for (const key of new Set([...o.keys(), ...n.keys()])) {
    const path = `$.parameters.${key}`;
    const [a, b] = [o.get(key), n.get(key)];
    const where = (a ?? b)?.in;
    if ((!a || !b) && (o.incomplete || n.incomplete)) continue;
    if (!b) {
      changes.push({ kind: "parameter-removed", severity: "breaking", path, message: `${where} parameter removed` });
    } else if (!a) {
      const required = b.required === true;
      changes.push({
        kind: required ? "required-parameter-added" : "optional-parameter-added",
        severity: required ? "breaking" : "non-breaking",
        path,
        message: `${required ? "required" : "optional"} ${where} parameter added`,
      });
    } else {
      noteDocs(context.notes, a, b, ["description"]);
      if (!a.required && b.required) {
        changes.push({ kind: "parameter-made-required", severity: "breaking", path, message: "parameter made required" });
      } else if (a.required && !b.required) {
        changes.push({ kind: "parameter-made-optional", severity: "non-breaking", path, message: "parameter made optional" });
      }
      const schemaChanges = context.compareSchemas(schemaOf(a), schemaOf(b), "request");
      for (const c of schemaChanges) changes.push({ ...c, path: path + c.path });
    }
  }
  return changes;
}

/** @param {Context} context @param {Node | undefined} rawOld @param {Node | undefined} rawNew @returns {Change[]} */
function compareRequestBodies(context, rawOld, rawNew) {
  const path = "$.requestBody";
  const o = rawOld && context.oldRefs.resolve(rawOld).node;
  const n = rawNew && context.newRefs.resolve(rawNew).node;
  if ((!o && !n) || o === UNRESOLVED || n === UNRESOLVED) return [];
  if (!n) return [{ kind: "request-body-removed", severity: "breaking", path, message: "request body removed" }];
  if (!o) {
    const required = n.required === true;
    return [{ kind: "request-body-added", severity: required ? "breaking" : "non-breaking", path, message: `${required ? "required" : "optional"} request body added` }];
  }
  noteDocs(context.notes, o, n, ["description"]);
  /** @type {Change[]} */
  const changes = [];
  if (!o.required && n.required) {
    changes.push({ kind: "request-body-made-required", severity: "breaking", path, message: "request body made required" });
  } else if (o.required && !n.required) {
    changes.push({ kind: "request-body-made-optional", severity: "non-breaking", path, message: "request body made optional" });
  }
  changes.push(...compareContent(context, o.content ?? {}, n.content ?? {}, path, "request", "breaking"));
  return changes;
}

/** @param {Context} context @param {Node} o @param {Node} n @returns {Change[]} */
function compareResponses(context, o, n) {
  /** @type {Change[]} */
  const changes = [];
  for (const status of new Set([...Object.keys(o), ...Object.keys(n)])) {
    const path = `$.responses${member(status)}`;
    const a = o[status] && context.oldRefs.resolve(o[status]).node;
    const b = n[status] && context.newRefs.resolve(n[status]).node;
    if (a === UNRESOLVED || b === UNRESOLVED) continue;
    if (!b) {
      const severity = isSuccess(status) ? "breaking-response" : "non-breaking";
      changes.push({ kind: "response-removed", severity, path, message: `${status} response removed` });
    } else if (!a) {
      changes.push({ kind: "response-added", severity: "non-breaking", path, message: `${status} response added` });
    } else {
      noteDocs(context.notes, a, b, ["description"]);
      const removal = isSuccess(status) ? "breaking-response" : "non-breaking";
      changes.push(...compareContent(context, a.content ?? {}, b.content ?? {}, path, "response", removal));
    }
  }
  return changes;
}

/**
 * @param {Context} context @param {Node} o @param {Node} n @param {string} base
 * @param {"request" | "response"} direction @param {import("./report.js").Severity} removal severity of losing a media type
 * @returns {Change[]}
 */
function compareContent(context, o, n, base, direction, removal) {
  /** @type {Change[]} */
  const changes = [];
  const removed = Object.keys(o).filter((type) => !Object.hasOwn(n, type));
  const added = Object.keys(n).filter((type) => !Object.hasOwn(o, type));
  const noun = direction === "request" ? "request" : "response";
  // Changes under a media type the client neither sends nor reads are kept, flagged, and never break it.
  const unused = (/** @type {string[]} */ ...types) => (types.every((type) => !clientUses(type, direction)) ? { unusedMediaType: /** @type {string} */ (types.at(-1)) } : {});
  const push = (/** @type {Change} */ c, /** @type {string[]} */ ...types) => {
    const flag = unused(...types);
    changes.push(flag.unusedMediaType ? { ...c, ...flag } : c);
  };
  if (removed.length === 1 && added.length === 1) {
    const [from, to] = /** @type {[string, string]} */ ([removed[0], added[0]]);
    // Even a charset alone counts: fetch's text() decodes UTF-8 whatever the server says.
    push({ kind: `${noun}-media-type-changed`, severity: removal, path: `${base}.content`, from, to, message: "media type changed" }, from, to);
    // The one schema replaces the other: what changed inside it still matters, at the new media type's path.
    const path = `${base}.content${member(to)}.schema`;
    noteDocs(context.notes, o[from], n[to], []);
    for (const c of context.compareSchemas(o[from].schema, n[to].schema, direction)) push({ ...c, path: path + c.path }, from, to);
  } else {
    for (const type of removed) {
      push({ kind: `${noun}-media-type-removed`, severity: removal, path: `${base}.content${member(type)}`, message: `media type ${type} removed` }, type);
    }
    for (const type of added) {
      push({ kind: `${noun}-media-type-added`, severity: "non-breaking", path: `${base}.content${member(type)}`, message: `media type ${type} added` }, type);
    }
  }
  for (const type of Object.keys(o)) {
    if (!Object.hasOwn(n, type)) continue;
    const path = `${base}.content${member(type)}.schema`;
    noteDocs(context.notes, o[type], n[type], []);
    for (const c of context.compareSchemas(o[type].schema, n[type].schema, direction)) push({ ...c, path: path + c.path }, type);
  }
  return changes;
}

/**
 * @param {Notes} notes @param {Node} a @param {Node} b @param {string[]} descriptionKeys
 */
function noteDocs(notes, a, b, descriptionKeys) {
  if (descriptionKeys.some((key) => a[key] !== b[key])) notes.descriptions.add(a);
  if (!deepEqual(a.example, b.example) || !deepEqual(a.examples, b.examples)) notes.examples.add(a);
}
