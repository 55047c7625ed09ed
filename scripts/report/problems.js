// @ts-check
import path from "node:path";
import { GenerateError } from "./errors.js";

/** Sources generate built itself from a converted Swagger 2.0 file: their lines are in no file on disk. */
const converted = new WeakSet();

/**
 * Marks a Source as the OpenAPI 3 conversion of the file it is named after, so findings in it
 * name that file and a JSON pointer into the conversion, not a line the file does not have.
 * @param {import("@redocly/openapi-core").Source} source
 */
export function markConverted(source) {
  converted.add(source);
}

/**
 * Where a Redocly problem points: `file:line:col` (from Redocly's own location object) and the JSON
 * pointer, which still leads to the node when the file is one minified line. Nodes an overlay added
 * have no line of their own in the vendor file; they get the nearest line Redocly finds.
 * @param {import("@redocly/openapi-core").NormalizedProblem} problem
 * @param {string} projectRoot
 * @param {typeof import("@redocly/openapi-core").getLineColLocation} getLineColLocation
 * @returns {{ file: string, line: number, col: number, at: string, pointer: string, converted: boolean }}
 */
export function locateProblem(problem, projectRoot, getLineColLocation) {
  const where = problem.location?.[0];
  if (!where) return { file: "", line: 0, col: 0, at: "(no location)", pointer: "#/", converted: false };
  const file = relative(projectRoot, where.source.absoluteRef);
  const pointer = where.pointer ?? "#/";
  if (converted.has(where.source)) return { file, line: 0, col: 0, at: `${file}(converted)`, pointer, converted: true };
  try {
    const { start } = /** @type {{ start: { line: number, col: number } }} */ (getLineColLocation(where));
    return { file, line: start.line, col: start.col, at: `${file}:${start.line}:${start.col}`, pointer, converted: false };
  } catch {
    return { file, line: 0, col: 0, at: file, pointer, converted: false };
  }
}

/**
 * Turns a Redocly problem into `file:line:col #/pointer severity rule: message`, Redocly's own
 * wording with the place it points at.
 * @param {import("@redocly/openapi-core").NormalizedProblem} problem
 * @param {string} projectRoot
 * @param {typeof import("@redocly/openapi-core").getLineColLocation} getLineColLocation
 */
export function describeProblem(problem, projectRoot, getLineColLocation) {
  const { at, pointer, converted: isConverted } = locateProblem(problem, projectRoot, getLineColLocation);
  const rule = problem.ruleId ? ` ${problem.ruleId}` : "";
  const note = isConverted ? " (pointer into the OpenAPI 3.0 conversion; the Swagger 2.0 file has no such line)" : "";
  return `${at} ${pointer} ${problem.severity}${rule}: ${messageOf(problem, projectRoot)}${note}`;
}

/**
 * A problem's message on one line, a file of the project that Redocly names by its absolute path (one it could
 * not read) named as every other message names it.
 * @param {import("@redocly/openapi-core").NormalizedProblem} problem
 * @param {string} projectRoot
 */
export function messageOf(problem, projectRoot) {
  return oneLine(relativePaths(problem.message, projectRoot));
}

/**
 * `text` with each quoted absolute path under `projectRoot` written as `relative()` writes it. Only a whole quoted
 * path: a path template or a URL that contains the root's text (`/app/{id}` when the project is in /app) is no file.
 * @param {string} text
 * @param {string} projectRoot
 */
export function relativePaths(text, projectRoot) {
  const root = path.resolve(projectRoot);
  // A project at the file system's root: every absolute path is under it, and written relative none would read better.
  if (path.dirname(root) === root) return text;
  const prefix = `${root}${path.sep}`.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
  return text.replace(new RegExp(`(['"])${prefix}([^'"]*)\\1`, "g"), (_, quote, rest) => `${quote}${rest.replaceAll("\\", "/")}${quote}`);
}

/** A message as it may stand on one line of a report. */
export function oneLine(/** @type {string} */ text) {
  return text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, " ").trim();
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
