#!/usr/bin/env node
// @ts-check
// Usage: npm run diff -- <old spec> <new spec> [--fail-on-breaking] [--json]
import { parseArgs } from "node:util";
import { diffSpecs, formatReport, hasBreaking } from "./diff/index.js";
import { loadSpec, SpecLoadError } from "./diff/load-spec.js";

const USAGE = "usage: npm run diff -- <old spec> <new spec> [--fail-on-breaking] [--json]";

/** @param {string} message @returns {never} */
function fail(message) {
  process.stderr.write(`diff: ${message}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: { "fail-on-breaking": { type: "boolean" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
} catch (error) {
  const message = /** @type {Error} */ (error).message;
  const flag = /^Unknown option '([^']+)'/.exec(message)?.[1];
  fail(`${flag ? `unknown flag ${flag}` : message}\n${USAGE}`);
}
if (args.values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (args.positionals.length !== 2) fail(`expected two spec files, got ${args.positionals.length}\n${USAGE}`);
const [oldFile, newFile] = /** @type {[string, string]} */ (args.positionals);

try {
  const [oldDoc, newDoc] = await Promise.all([loadSpec(oldFile), loadSpec(newFile)]);
  const report = diffSpecs(oldDoc, newDoc);
  const color = process.stdout.isTTY && !process.env.NO_COLOR;
  process.stdout.write(args.values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, { color }));
  process.exitCode = args.values["fail-on-breaking"] && hasBreaking(report) ? 1 : 0;
} catch (error) {
  if (error instanceof SpecLoadError) fail(error.message);
  // A broken internal $ref surfaces from diffSpecs as "old spec: ..." / "new spec: ...".
  fail(/** @type {Error} */ (error).message.replace(/^old spec/, oldFile).replace(/^new spec/, newFile));
}
