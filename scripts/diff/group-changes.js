// @ts-check
import { byCodeUnits, compareChanges, SEVERITY_RANK } from "./report.js";

/**
 * @typedef {import("./report.js").Report} Report
 * @typedef {import("./report.js").Change} Change
 * @typedef {import("./report.js").OperationChanges} OperationChanges
 *
 * One change written in a shared component, said once with every place it reaches (calls first).
 * @typedef {{ change: Change, source: { ref: string, path: string }, reaches: { operation: string, call?: string, path: string }[], operations: string[] }} SharedChange
 * Changes under one media type the client does not use, counted.
 * @typedef {{ mediaType: string, changes: number, operations: number }} UnusedMediaType
 * @typedef {{ shared: SharedChange[], operations: OperationChanges[], unused: UnusedMediaType[] }} GroupedReport
 */

/**
 * The report as read by a person: a change in a shared component reached from more than one place is one
 * entry at its source (the JSON report keeps every occurrence); changes under media types the client does not
 * use are only counted, per media type; everything else stays with its operation.
 * @param {Report} report @returns {GroupedReport}
 */
export function groupReport(report) {
  /** @type {Map<string, { operation: string, call?: string, change: Change }[]>} */
  const bySource = new Map();
  /** @type {Map<string, { changes: number, operations: Set<string> }>} */
  const unused = new Map();
  for (const { operation, call, changes } of report.operations) {
    for (const change of changes) {
      if (change.unusedMediaType !== undefined) {
        const entry = unused.get(change.unusedMediaType) ?? { changes: 0, operations: new Set() };
        entry.changes++;
        entry.operations.add(operation);
        unused.set(change.unusedMediaType, entry);
      } else if (change.source) {
        const key = sourceKey(change);
        const list = bySource.get(key) ?? [];
        list.push({ operation, ...(call ? { call } : {}), change });
        bySource.set(key, list);
      }
    }
  }
  /** @type {SharedChange[]} */
  const shared = [];
  for (const list of bySource.values()) {
    if (list.length < 2) continue;
    const first = /** @type {(typeof list)[number]} */ (list[0]);
    const { path: _path, source, ...rest } = first.change;
    // Calls first (what app code uses), each operation named once, in report order.
    const reaches = [...list.filter((r) => r.call), ...list.filter((r) => !r.call)].map(({ operation, call, change }) => ({ operation, ...(call ? { call } : {}), path: change.path }));
    const operations = [...new Set(reaches.map((r) => r.call ?? r.operation))];
    shared.push({ change: { ...rest, path: `${source?.ref}${source?.path}` }, source: /** @type {{ ref: string, path: string }} */ (source), reaches, operations });
  }
  const sharedKeys = new Set(shared.map((s) => sourceKey({ ...s.change, source: s.source })));
  shared.sort(
    (a, b) =>
      Number(b.reaches.some((r) => r.call)) - Number(a.reaches.some((r) => r.call)) ||
      SEVERITY_RANK[a.change.severity] - SEVERITY_RANK[b.change.severity] ||
      compareChanges(a.change, b.change),
  );
  const operations = report.operations
    .map(({ changes, ...rest }) => ({ ...rest, changes: changes.filter((c) => c.unusedMediaType === undefined && !(c.source && sharedKeys.has(sourceKey(c)))) }))
    .filter(({ changes }) => changes.length > 0);
  const media = [...unused]
    .sort(([a], [b]) => byCodeUnits(a, b))
    .map(([mediaType, { changes, operations }]) => ({ mediaType, changes, operations: operations.size }));
  return { shared, operations, unused: media };
}

/** Same source, kind and detail. @param {Change} change */
const sourceKey = ({ source, kind, severity, message, from, to }) => JSON.stringify([source?.ref, source?.path, kind, severity, message, from, to]);
