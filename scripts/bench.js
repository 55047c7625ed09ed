#!/usr/bin/env node
// @ts-check
// npm run bench: every timing of the project, measured side by side in one run on this machine.
// Usage: npm run bench [-- --runs N] [-- --only generate,...] [-- --only sweep --specs N --offset K]
import os from "node:os";
import { benchClient } from "./bench/client.js";
import { benchEdit } from "./bench/edit.js";
import { benchGenerate } from "./bench/generate.js";
import { benchRefresh } from "./bench/refresh.js";
import { benchScale } from "./bench/scale.js";
import { benchSweep } from "./bench/sweep.js";
import { GenerateError } from "./report/errors.js";

const SUITES = { generate: benchGenerate, edit: benchEdit, client: benchClient, scale: benchScale, refresh: benchRefresh, sweep: benchSweep };
// The sweep counts outcomes on real specs rather than timing anything, and takes minutes: only on request.
const ON_REQUEST = ["sweep"];

const argv = process.argv.slice(2);
const runs = Number(valueOf("--runs") ?? 3);
const only = valueOf("--only")?.split(",") ?? Object.keys(SUITES).filter((name) => !ON_REQUEST.includes(name));
const count = Number(valueOf("--specs") ?? 150);
const offset = Number(valueOf("--offset") ?? 0);
for (const name of only) if (!(name in SUITES)) fail(`unknown suite '${name}' (have: ${Object.keys(SUITES).join(", ")})`);
if (!Number.isInteger(runs) || runs < 1) fail("--runs takes a whole number >= 1");
if (!Number.isInteger(count) || count < 1) fail("--specs takes a whole number >= 1");
if (!Number.isInteger(offset) || offset < 0) fail("--offset takes a whole number >= 0");

console.log(`# npm run bench\n\nNode ${process.version}, ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? "unknown"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB\n`);
for (const name of only) {
  let result;
  try {
    result = await SUITES[/** @type {keyof typeof SUITES} */ (name)]({ runs, count, offset });
  } catch (error) {
    if (error instanceof GenerateError) fail(error.message);
    throw error;
  }
  console.log(`## ${result.title}\n\n${result.table}\n\n${result.verdicts.map((v) => `- ${v}`).join("\n")}\n`);
}

/** The value of `--flag value` or `--flag=value`. @param {string} flag */
function valueOf(flag) {
  const joined = argv.find((arg) => arg.startsWith(`${flag}=`));
  if (joined !== undefined) return joined.slice(flag.length + 1);
  const i = argv.indexOf(flag);
  return i === -1 ? undefined : argv[i + 1];
}

/** @param {string} message */
function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}
