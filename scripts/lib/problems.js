// @ts-check
import path from "node:path";
import { GenerateError } from "./errors.js";

/**
 * Turns a Redocly problem into `file:line:col severity rule: message`, Redocly's own wording
 * with the place it points at. Nodes an overlay added have no line of their own in the vendor
 * file; they are reported at the nearest line Redocly finds.
 * @param {import("@redocly/openapi-core").NormalizedProblem} problem
 * @param {string} projectRoot
 * @param {typeof import("@redocly/openapi-core").getLineColLocation} getLineColLocation
 */
export function describeProblem(problem, projectRoot, getLineColLocation) {
  const where = problem.location?.[0];
  const rule = problem.ruleId ? ` ${problem.ruleId}` : "";
  if (!where) return `${problem.severity}${rule}: ${problem.message}`;
  const file = relative(projectRoot, where.source.absoluteRef);
  let position = "";
  try {
    const { start } = /** @type {{ start: { line: number, col: number } }} */ (getLineColLocation(where));
    position = `:${start.line}:${start.col}`;
  } catch {
    position = where.pointer ? ` (${where.pointer})` : "";
  }
  return `${file}${position} ${problem.severity}${rule}: ${problem.message}`;
}

/**
 * Explains why a file could not be read or parsed, naming it and the line/column for YAML errors.
 * @param {unknown} error
 * @param {string} file project-relative
 * @param {string} role what the file is for, e.g. "spec of solvapay@1.0"
 */
export function loadError(error, file, role) {
  const e = /** @type {{ name?: string, message?: string, line?: number, col?: number, originalError?: { code?: string } }} */ (error);
  // Redocly's YamlParseError keeps the name "Error"; its line and col are what set it apart.
  if (e && typeof e.line === "number" && typeof e.col === "number" && "originalError" in e) {
    const reason = String(e.message).replace(/ in "[^"]*"/, "").replace(/ \(\d+:\d+\)$/, "");
    return new GenerateError(`invalid YAML in the ${role}: ${reason}`, { file, line: e.line || undefined, col: e.col || undefined });
  }
  const code = e?.originalError?.code ?? /** @type {{ code?: string }} */ (error)?.code;
  if (code === "ENOENT") return new GenerateError(`file not found (the ${role})`, { file });
  return new GenerateError(`cannot load the ${role}: ${e?.message ?? String(error)}`, { file });
}

/**
 * @param {string} projectRoot
 * @param {string} absoluteRef
 */
export function relative(projectRoot, absoluteRef) {
  return path.isAbsolute(absoluteRef) ? path.relative(projectRoot, absoluteRef).replaceAll("\\", "/") : absoluteRef;
}
