// @ts-check
import { collectOperations, compareOperation, operationName, METHODS } from "./compare-operations.js";
import { createSchemaComparer } from "./compare-schemas.js";
import { byCodeUnits, compareChanges, countChanges } from "./report.js";
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

  /** @type {{ entry: { method: string, path: string }, changes: Change[] }[]} */
  const found = [];
  for (const [key, entry] of before) {
    const match = after.get(key);
    if (unknownPaths.has(template(entry.path))) continue;
    if (match) {
      found.push({ entry: match, changes: compareOperation(context, entry, match) });
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
    .sort((a, b) => byCodeUnits(a.entry.path, b.entry.path) || METHODS.indexOf(a.entry.method) - METHODS.indexOf(b.entry.method))
    .map(({ entry, changes }) => ({ operation: operationName(entry), changes: changes.sort(compareChanges) }));
  const unresolved = [
    ...unresolvedRefs(oldDoc, oldRefs).map((r) => ({ spec: /** @type {const} */ ("old"), ...r })),
    ...unresolvedRefs(newDoc, newRefs).map((r) => ({ spec: /** @type {const} */ ("new"), ...r })),
  ];
  return {
    operations,
    counts: countChanges(operations, { descriptions: notes.descriptions.size, examples: notes.examples.size }),
    incomplete: unresolved.length > 0,
    unresolved,
  };
}

/** @param {Record<string, any>} doc @param {import("./resolve-ref.js").RefResolver} refs */
function brokenPathItems(doc, refs) {
  return Object.entries(doc.paths ?? {})
    .filter(([, item]) => refs.resolve(item).node === UNRESOLVED)
    .map(([path]) => template(path));
}

/** @param {string} path */
const template = (path) => path.replace(/\{[^}]*\}/g, "{}");
