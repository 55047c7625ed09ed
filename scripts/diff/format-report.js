// @ts-check
import { groupReport } from "./group-changes.js";

/**
 * @typedef {import("./report.js").Report} Report
 * @typedef {import("./report.js").Change} Change
 * @typedef {import("./report.js").Severity} Severity
 */

/** @type {Record<Severity, string>} */
const LABELS = { breaking: "BREAKING", "breaking-response": "BREAKING (response)", "non-breaking": "non-breaking" };
/** @type {Record<Severity, string>} */
const COLORS = { breaking: "\x1b[31m", "breaking-response": "\x1b[33m", "non-breaking": "\x1b[32m" };
/** @type {Record<Severity, string>} */
const HEADINGS = { breaking: "Breaking changes", "breaking-response": "Breaking for response readers", "non-breaking": "Non-breaking changes" };
const LABEL_WIDTH = Math.max(...Object.values(LABELS).map((label) => label.length));

/** @param {Change} change */
const describe = (change) => (change.from !== undefined || change.to !== undefined ? `${change.message}: ${change.from ?? "none"} -> ${change.to ?? "none"}` : change.message);

/** @param {number} count @param {string} noun */
const plural = (count, noun) => `${count} ${noun}${count === 1 ? "" : "s"}`;

/** @param {Report["counts"]} counts */
function notesLine({ descriptions, examples }) {
  if (descriptions === 0 && examples === 0) return "";
  return `${plural(descriptions, "description")} and ${plural(examples, "example")} changed`;
}

const LISTED_OPERATIONS = 10;

/** `reaches 3 operations: updateProduct, GET /a, GET /b` (calls by their generated name). @param {string[]} names */
function reaches(names) {
  const listed = names.slice(0, LISTED_OPERATIONS).join(", ");
  const more = names.length > LISTED_OPERATIONS ? ` and ${names.length - LISTED_OPERATIONS} more (--json lists them all)` : "";
  return `reaches ${plural(names.length, "operation")}: ${listed}${more}`;
}

/** `application/xml: 312 changes in 104 operations, not used by the client` @param {import("./group-changes.js").UnusedMediaType} unused */
const unusedLine = ({ mediaType, changes, operations }) => `${mediaType}: ${plural(changes, "change")} in ${plural(operations, "operation")}, not used by the client`;

/**
 * One line per change, each naming its operation so the output can be grepped, operations separated by a
 * blank line; a change in a shared component reached from many places once, at its source, first; changes under
 * media types the client does not use collapsed at the end; then a summary.
 * @param {Report} report @param {{ color?: boolean }} [options] @returns {string}
 */
export function formatReport(report, { color = false } = {}) {
  const paint = (/** @type {Severity} */ severity, /** @type {string} */ text) => (color ? `${COLORS[severity]}${text}\x1b[0m` : text);
  const label = (/** @type {Severity} */ severity) => paint(severity, LABELS[severity].padEnd(LABEL_WIDTH));
  const grouped = groupReport(report);
  const shared = grouped.shared.map(({ change, operations }) => `${label(change.severity)}  ${change.path}  ${describe(change)}; ${reaches(operations)}`);
  const groups = [
    ...(shared.length > 0 ? [shared.join("\n")] : []),
    ...grouped.operations.map(({ operation, call, changes }) =>
      changes.map((c) => `${label(c.severity)}  ${operation}${call ? ` (${call})` : ""}  ${c.path}  ${describe(c)}`).join("\n"),
    ),
  ];
  if (grouped.unused.length > 0) groups.push(["Media types the generated client neither sends nor reads (--json has every change):", ...grouped.unused.map((u) => `  ${unusedLine(u)}`)].join("\n"));
  const { breaking, breakingResponse, nonBreaking } = report.counts;
  const notes = notesLine(report.counts);
  let counted =
    report.operations.length === 0
      ? `No API changes${report.incomplete ? " found" : ""}${notes ? ` (${notes})` : ""}.`
      : `${breaking} breaking, ${breakingResponse} breaking for response readers, ${nonBreaking} non-breaking${notes ? `; ${notes}` : ""}.`;
  const calls = report.calls?.total ? `Breaks ${report.calls.broken} of your ${plural(report.calls.total, "generated call")}. ` : "";
  const unusedCount = grouped.unused.reduce((sum, u) => sum + u.changes, 0);
  if (unusedCount > 0) counted = `${counted.slice(0, -1)}; ${plural(unusedCount, "change")} under media types the client does not use (not counted).`;
  const summary = report.incomplete ? `INCOMPLETE: ${plural(report.unresolved.length, "$ref")} ${report.unresolved.length === 1 ? "points" : "point"} nowhere. ${calls}${counted}` : `${calls}${counted}`;
  const warnings = (report.warnings ?? []).map((w) => `WARNING: ${w}`);
  return [...groups, ...unresolvedLines(report).map((lines) => lines.join("\n")), ...warnings, summary].join("\n\n") + "\n";
}

const LISTED_REFS = 20;

/** The $refs that point nowhere, a heading and one line each (the first 20; --json has all). @param {Report} report */
function unresolvedLines({ unresolved = [] }) {
  if (unresolved.length === 0) return [];
  const lines = unresolved.slice(0, LISTED_REFS).map(({ spec, ref, pointer }) => `  ${spec} spec  ${pointer}  $ref ${ref}`);
  if (unresolved.length > LISTED_REFS) lines.push(`  and ${unresolved.length - LISTED_REFS} more (--json lists them all)`);
  return [[`Not compared: what depends on these $refs, which point nowhere`, ...lines]];
}

/**
 * A section for generated/CHANGES.md, grouped by severity.
 * @param {Report} report @param {{ version: string, inputHash: string }} release @returns {string}
 */
export function formatChangesEntry(report, { version, inputHash }) {
  const lines = [`## ${version}`, "", `Input hash: ${code(inputHash)}`, ""];
  const grouped = groupReport(report);
  for (const severity of /** @type {Severity[]} */ (["breaking", "breaking-response", "non-breaking"])) {
    const items = [
      ...grouped.shared.filter(({ change }) => change.severity === severity).map(({ change, operations }) => `- ${code(change.path)}: ${describeMarkdown(change)}; ${escapeMarkdown(reaches(operations))}`),
      ...grouped.operations.flatMap(({ operation, call, changes }) =>
        changes.filter((c) => c.severity === severity).map((c) => `- ${code(operation)}${call ? ` (${code(call)})` : ""} ${code(c.path)}: ${describeMarkdown(c)}`),
      ),
    ];
    if (items.length > 0) lines.push(`### ${HEADINGS[severity]}`, "", ...items, "");
  }
  if (grouped.unused.length > 0) lines.push("### Media types the generated client neither sends nor reads", "", ...grouped.unused.map((u) => `- ${escapeMarkdown(unusedLine(u))}`), "");
  for (const warning of report.warnings ?? []) lines.push(`**Warning:** ${escapeMarkdown(warning)}.`, "");
  if (report.calls?.total) lines.push(`Breaks ${report.calls.broken} of your ${plural(report.calls.total, "generated call")}.`, "");
  if (report.operations.length === 0) lines.push(report.incomplete ? "No API changes found." : "No API changes.", "");
  const [unresolved] = unresolvedLines(report);
  if (unresolved) lines.push(`**Incomplete:** ${unresolved[0]}:`, "", ...unresolved.slice(1).map((line) => `- ${escapeMarkdown(line.trim())}`), "");
  const notes = notesLine(report.counts);
  if (notes) lines.push(`${notes[0]?.toUpperCase()}${notes.slice(1)}.`, "");
  return lines.join("\n");
}

/** @param {Change} change */
function describeMarkdown(change) {
  if (change.from === undefined && change.to === undefined) return escapeMarkdown(change.message);
  return `${escapeMarkdown(change.message)}: ${code(change.from ?? "none")} -> ${code(change.to ?? "none")}`;
}

/** A code span that survives backticks in the text (CommonMark: fence with a longer run). @param {string} text */
function code(text) {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = longestRun > 0 ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** @param {string} text */
const escapeMarkdown = (text) => text.replace(/[\\`*_[\]<>|]/g, "\\$&");
