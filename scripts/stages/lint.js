// @ts-check
import { getLineColLocation, lintDocument } from "@redocly/openapi-core";
import { GenerateError } from "../lib/errors.js";
import { describeProblem } from "../lib/problems.js";

/**
 * Lints the bundled document (overlays applied) with the rules in redocly.yaml: the vendor file
 * alone would fail on flaws the overlays exist to correct. Errors stop the API; warnings are
 * summarised in one line.
 * @param {import("../lib/apis.js").ApiEntry} api
 * @param {{ bundled: import("@redocly/openapi-core").Document, apiConfig: import("@redocly/openapi-core").Config, resolver: import("@redocly/openapi-core").BaseResolver, projectRoot: string }} input
 * @returns {Promise<{ warningSummary: string }>}
 */
export default async function lintStage(api, { bundled, apiConfig, resolver, projectRoot }) {
  const problems = (await lintDocument({ document: bundled, config: apiConfig, externalRefResolver: resolver })).filter((p) => !p.ignored);
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length > 0) {
    throw new GenerateError(`${api.alias} fails lint with ${errors.length} error${errors.length === 1 ? "" : "s"}`, {
      file: api.root,
      details: errors.map((p) => describeProblem(p, projectRoot, getLineColLocation)),
    });
  }
  /** @type {Map<string, number>} */
  const byRule = new Map();
  for (const p of problems) byRule.set(p.ruleId, (byRule.get(p.ruleId) ?? 0) + 1);
  const rules = [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const warningSummary =
    problems.length === 0
      ? `${api.name}: lint clean`
      : `${api.name}: ${problems.length} lint warning${problems.length === 1 ? "" : "s"} (${rules.map(([rule, n]) => `${rule} ${n}`).join(", ")})`;
  return { warningSummary };
}
