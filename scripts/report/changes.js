// @ts-check
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export const CHANGES_HEADER = `# Changes to the generated clients

Written by \`npm run generate\` whenever an API's spec changes, newest first: what the change means
for code written against the previous client. Do not edit.
`;

/**
 * Compares each regenerated API's bundled spec with the one generated/ held before, as the typed
 * client sees them (scripts/diff). Returns the terminal report, the CHANGES.md sections, and
 * whether anything breaks callers or response readers.
 * @param {string} outDir
 * @param {Array<{ name: string, document: Record<string, any>, version: string, inputHash: string }>} regenerated
 */
export async function reportChanges(outDir, regenerated) {
  const { diffSpecs, formatChangesEntry, formatReport, hasBreaking } = await import("../diff/index.js");
  const printed = [];
  const sections = [];
  let breaking = false;
  for (const { name, document, version, inputHash } of regenerated) {
    const previousFile = path.join(outDir, `${name}.bundled.json`);
    if (!existsSync(previousFile)) continue;
    const { "x-product-clients": _stamp, ...previous } = JSON.parse(readFileSync(previousFile, "utf8"));
    const report = diffSpecs(previous, document);
    const { descriptions, examples } = report.counts;
    if (report.operations.length === 0 && descriptions === 0 && examples === 0 && !report.incomplete) continue;
    printed.push(`${name}: changes since the last generate\n${formatReport(report, { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR })}`);
    sections.push(formatChangesEntry(report, { version: `${name} ${version}`, inputHash: `sha256:${inputHash}` }));
    breaking ||= hasBreaking(report);
  }
  return { printed, sections, breaking };
}

/**
 * CHANGES.md with the new sections on top of the ones it had.
 * @param {string} outDir
 * @param {string[]} sections
 */
export function prependChanges(outDir, sections) {
  const file = path.join(outDir, "CHANGES.md");
  const before = existsSync(file) ? readFileSync(file, "utf8") : CHANGES_HEADER;
  const older = before.startsWith(CHANGES_HEADER) ? before.slice(CHANGES_HEADER.length) : `\n${before}`;
  return `${CHANGES_HEADER}\n${sections.join("\n")}${older}`;
}
