// @ts-check

/**
 * The change report, plain JSON-serialisable data.
 *
 * `path` is a JSON path relative to the operation object: `$.parameters.<in>.<name>`,
 * `$.requestBody.content['<media type>'].schema`, `$.responses['<status>'].content['<media type>'].schema`,
 * followed by `.<property>` for object properties, `[*]` for array items, `.*` for
 * additionalProperties and `.oneOf[i]` / `.anyOf[i]` for union variants. `$` alone is the operation.
 *
 * `kind` is a stable identifier (e.g. "type-narrowed", "property-removed", "enum-value-added");
 * `from`/`to` are the old and new types or values, where the change has them.
 *
 * @typedef {"breaking" | "breaking-response" | "non-breaking"} Severity
 * `source`: the `$ref` target the change is written in and its path there (`{ ref: "#/components/schemas/Money",
 * path: ".amount" }`), when it is inside one; the same source, kind and detail reached from many places is one change
 * at its source (see group-changes.js). `unusedMediaType`: the change is under a media type the generated client
 * neither sends nor reads (XML, text, multipart...): kept here, never counted as breaking.
 * @typedef {{ kind: string, severity: Severity, path: string, from?: string, to?: string, message: string, source?: { ref: string, path: string }, unusedMediaType?: string }} Change
 * `warnings`: about the release itself (breaking changes under an unchanged `info.version`).
 * `call`: the generated call's name (scripts/stages/calls.js), when the operation is one.
 * @typedef {{ operation: string, call?: string, changes: Change[] }} OperationChanges
 * @typedef {{ breaking: number, breakingResponse: number, nonBreaking: number, descriptions: number, examples: number }} Counts
 * `unresolved`: the `$ref`s that point nowhere (in the old or new spec) and the JSON pointer where each is
 * written; what depends on them was not compared, and `incomplete` says so.
 * @typedef {{ spec: "old" | "new", ref: string, pointer: string }} Unresolved
 * @typedef {{ operations: OperationChanges[], warnings: string[], counts: Counts, calls: { total: number, broken: number }, incomplete: boolean, unresolved: Unresolved[] }} Report
 */

/** @type {Record<Severity, number>} */
export const SEVERITY_RANK = { breaking: 0, "breaking-response": 1, "non-breaking": 2 };

/** @param {string} a @param {string} b */
export const byCodeUnits = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** @param {Change} a @param {Change} b */
export function compareChanges(a, b) {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    byCodeUnits(a.path, b.path) ||
    byCodeUnits(a.kind, b.kind) ||
    byCodeUnits(a.message, b.message)
  );
}

/**
 * @param {OperationChanges[]} operations
 * @param {{ descriptions: number, examples: number }} notes
 * @returns {Counts}
 */
export function countChanges(operations, notes) {
  const counts = { breaking: 0, breakingResponse: 0, nonBreaking: 0, ...notes };
  for (const { changes } of operations) {
    for (const { severity, unusedMediaType } of changes) {
      if (unusedMediaType !== undefined) continue;
      if (severity === "breaking") counts.breaking++;
      else if (severity === "breaking-response") counts.breakingResponse++;
      else counts.nonBreaking++;
    }
  }
  return counts;
}

/** True when any change breaks callers or readers of responses. @param {Report} report */
export function hasBreaking(report) {
  return report.operations.some(({ changes }) => changes.some(breaks));
}

/** A change that breaks callers or readers of responses (none under media types the client does not use). @param {Change} change */
export function breaks(change) {
  return change.severity !== "non-breaking" && change.unusedMediaType === undefined;
}
