// @ts-check
import { callsOf } from "../stages/calls.js";
import { collectOperations, compareOperation, operationName, METHODS } from "./compare-operations.js";
import { createSchemaComparer } from "./compare-schemas.js";
import { breaks, byCodeUnits, compareChanges, countChanges } from "./report.js";
import { createRefResolver, UNRESOLVED, unresolvedRefs } from "./resolve-ref.js";

export { formatChangesEntry, formatReport } from "./format-report.js";
export { hasBreaking } from "./report.js";

/**
 * @typedef {import("./report.js").Report} Report
 * @typedef {import("./report.js").Change} Change
 * @typedef {import("./report.js").OperationChanges} OperationChanges
 * @typedef {import("./report.js").Severity} Severity
 */

/**
 * Compares two bundled OpenAPI 3.0/3.1 documents (parsed, internal refs only) as seen by
 * the typed client generated from them. Best effort on broken releases: what hangs off a `$ref` to
 * nothing is skipped, listed in `unresolved`, and the report marked `incomplete`.
 * @param {Record<string, any>} oldDoc @param {Record<string, any>} newDoc @returns {Report}
 */
export function diffSpecs(oldDoc, newDoc) {
  for (const [label, doc] of [["old", oldDoc], ["new", newDoc]]) {
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new TypeError(`diffSpecs: the ${label} spec is not an object`);
  }
  const oldRefs = createRefResolver(oldDoc, "old spec");
  const newRefs = createRefResolver(newDoc, "new spec");
  const notes = { descriptions: new Set(), examples: new Set() };
  const context = { oldRefs, newRefs, notes, compareSchemas: createSchemaComparer(oldRefs, newRefs, notes) };
  const before = collectOperations(oldDoc, oldRefs);
  const after = collectOperations(newDoc, newRefs);
  const oldPaths = new Set(Object.keys(oldDoc.paths ?? {}).map(template));
  const newPaths = new Set(Object.keys(newDoc.paths ?? {}).map(template));
  // Paths whose path item is a $ref to nothing on either side: their operations can be neither paired nor missed.
  const unknownPaths = new Set([...brokenPathItems(oldDoc, oldRefs), ...brokenPathItems(newDoc, newRefs)]);

  const [oldCalls, newCalls] = [callNames(oldDoc), callNames(newDoc)];
  const isCall = (/** @type {{ method: string, path: string }} */ entry) => Number(newCalls.has(operationName(entry)) || oldCalls.has(operationName(entry)));
  /** @type {{ entry: { method: string, path: string }, changes: Change[] }[]} */
  const found = [];
  for (const [key, entry] of before) {
    const match = after.get(key);
    if (unknownPaths.has(template(entry.path))) continue;
    if (match) {
      const changes = [...identityChanges(entry, match, oldCalls, newCalls), ...compareOperation(context, entry, match)];
      found.push({ entry: match, changes });
    } else {
      const pathGone = !newPaths.has(template(entry.path));
      const change = pathGone
        ? { kind: "path-removed", message: `path ${entry.path} removed` }
        : { kind: "method-removed", message: `method ${entry.method.toUpperCase()} removed from ${entry.path}` };
      found.push({ entry, changes: [{ ...change, severity: "breaking", path: "$" }] });
    }
  }
  for (const [key, entry] of after) {
    if (before.has(key) || unknownPaths.has(template(entry.path))) continue;
    const message = oldPaths.has(template(entry.path)) ? "operation added" : `operation added (new path ${entry.path})`;
    found.push({ entry, changes: [{ kind: "operation-added", severity: "non-breaking", path: "$", message }] });
  }

  const operations = found
    .filter(({ changes }) => changes.length > 0)
    // The generated calls first: they are what app code uses.
    .sort((a, b) => isCall(b.entry) - isCall(a.entry) || byCodeUnits(a.entry.path, b.entry.path) || METHODS.indexOf(a.entry.method) - METHODS.indexOf(b.entry.method))
    .map(({ entry, changes }) => {
      const call = newCalls.get(operationName(entry)) ?? oldCalls.get(operationName(entry));
      return { operation: operationName(entry), ...(call ? { call } : {}), changes: changes.sort(compareChanges) };
    });
  const broken = operations.filter((o) => o.call && o.changes.some(breaks)).length;
  const unresolved = [
    ...(oldRefs.broken ? unresolvedRefs(oldDoc, oldRefs) : []).map((r) => ({ spec: /** @type {const} */ ("old"), ...r })),
    ...(newRefs.broken ? unresolvedRefs(newDoc, newRefs) : []).map((r) => ({ spec: /** @type {const} */ ("new"), ...r })),
  ];
  const counts = countChanges(operations, { descriptions: notes.descriptions.size, examples: notes.examples.size });
  /** @type {string[]} */
  const warnings = [];
  const [oldVersion, newVersion] = [oldDoc.info?.version, newDoc.info?.version];
  if (counts.breaking + counts.breakingResponse > 0 && oldVersion !== undefined && oldVersion === newVersion) {
    warnings.push(`breaking changes, but info.version is still ${JSON.stringify(newVersion)}: the vendor did not mark this release`);
  }
  return {
    operations,
    warnings,
    counts,
    calls: { total: newCalls.size, broken },
    incomplete: unresolved.length > 0,
    unresolved,
  };
}

/**
 * The generated calls (scripts/stages/calls.js decides which operations are calls and their names), by operation.
 * @param {Record<string, any>} doc @returns {Map<string, string>}
 */
function callNames(doc) {
  try {
    return new Map(callsOf(doc).calls.map((call) => [`${call.method} ${call.path}`, call.name]));
  } catch {
    // A spec the calls stage rejects (an invalid x-client-call name) has no calls to report on; generate says why.
    return new Map();
  }
}

/**
 * App code names operations by operationId (`isXApiError(e, "Op_id", 404)`) and calls by their generated name:
 * renaming either breaks it.
 * @param {{ method: string, path: string, operation: Record<string, any> }} before
 * @param {{ method: string, path: string, operation: Record<string, any> }} after
 * @param {Map<string, string>} oldCalls @param {Map<string, string>} newCalls @returns {Change[]}
 */
function identityChanges(before, after, oldCalls, newCalls) {
  /** @type {Change[]} */
  const changes = [];
  const [from, to] = [before.operation.operationId, after.operation.operationId];
  if (from !== to) {
    const kind = from === undefined ? "operation-id-added" : to === undefined ? "operation-id-removed" : "operation-id-renamed";
    const severity = from === undefined ? "non-breaking" : "breaking";
    changes.push({ kind, severity, path: "$.operationId", from: from ?? "none", to: to ?? "none", message: `operationId ${from === undefined ? "added" : to === undefined ? "removed" : "renamed"}` });
  }
  const [oldCall, newCall] = [oldCalls.get(operationName(before)), newCalls.get(operationName(after))];
  if (oldCall !== undefined && oldCall !== newCall) {
    const message = newCall === undefined ? "generated call removed" : "generated call renamed";
    changes.push({ kind: newCall === undefined ? "call-removed" : "call-renamed", severity: "breaking", path: "$", from: oldCall, ...(newCall ? { to: newCall } : {}), message });
  } else if (oldCall === undefined && newCall !== undefined) {
    changes.push({ kind: "call-added", severity: "non-breaking", path: "$", to: newCall, message: "generated call added" });
  }
  return changes;
}

/** @param {Record<string, any>} doc @param {import("./resolve-ref.js").RefResolver} refs */
function brokenPathItems(doc, refs) {
  return Object.entries(doc.paths ?? {})
    .filter(([, item]) => refs.resolve(item).node === UNRESOLVED)
    .map(([path]) => template(path));
}

/** @param {string} path */
const template = (path) => path.replace(/\{[^}]*\}/g, "{}");
