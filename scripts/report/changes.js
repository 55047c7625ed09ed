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
 * Overlay drift lines (report/overlay-drift.js) are recorded in the API's section, which they make if need be.
 * @param {Array<{ name: string, document: Record<string, any>, version: string, inputHash: string, drift?: string[], diffed?: ReturnType<typeof diffWithPrevious> }>} regenerated
 *   `diffed`: the comparison, if `diffWithPrevious` was started earlier
 */
export async function reportChanges(outDir, regenerated) {
  const { formatChangesEntry, formatReport, hasBreaking } = await import("../diff/index.js");
  const printed = [];
  const sections = [];
  let breaking = false;
  for (const { name, document, version, inputHash, drift = [], diffed } of regenerated) {
    const driftLines = drift.length > 0 ? ["**Overlay drift:**", "", ...drift.map((line) => `- ${line}`), ""] : [];
    const report = await (diffed ?? diffWithPrevious(outDir, name, document));
    const { descriptions = 0, examples = 0 } = report?.counts ?? {};
    if (!report || (report.operations.length === 0 && descriptions === 0 && examples === 0 && !report.incomplete)) {
      if (driftLines.length > 0) sections.push([`## ${name} ${version}`, "", `Input hash: \`sha256:${inputHash}\``, "", ...driftLines].join("\n"));
      continue;
    }
    printed.push(`${name}: changes since the last generate\n${formatReport(report, { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR })}`);
    sections.push(formatChangesEntry(report, { version: `${name} ${version}`, inputHash: `sha256:${inputHash}` }) + (driftLines.length > 0 ? `\n${driftLines.join("\n")}` : ""));
    breaking ||= hasBreaking(report);
  }
  return { printed, sections, breaking };
}

/**
 * Compares an API's new bundled document with the one in generated/, once this thread is next idle: started
 * as soon as the document exists (GitHub's spec: 1 s), it runs while the workers type and lint it instead
 * of after them. The previous file is read then, long before the commit replaces it.
 * @param {string} outDir
 * @param {string} name
 * @param {Record<string, any>} document
 * @returns {Promise<import("../diff/index.js").Report | undefined>}
 */
export async function diffWithPrevious(outDir, name, document) {
  const { diffSpecs } = await import("../diff/index.js");
  await new Promise((resolve) => setImmediate(resolve));
  const previousFile = path.join(outDir, `${name}.bundled.json`);
  return existsSync(previousFile) ? diffSpecs(withoutStamp(JSON.parse(readFileSync(previousFile, "utf8"))), document) : undefined;
}

/** @param {Record<string, any>} bundled */
function withoutStamp({ "x-product-clients": _stamp, ...document }) {
  return document;
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
