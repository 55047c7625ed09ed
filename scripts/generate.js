#!/usr/bin/env node
// @ts-check
// npm run generate: specs/ + overlays -> generated/. See README.md, "Generating".
import { pathToFileURL } from "node:url";
import { createReporter } from "./cli/report.js";
import { exitWithParent, pinnedNode, reportDone, runOn } from "./cli/runtime.js";

/**
 * @param {string[]} argv
 * @param {{ out?: NodeJS.WritableStream, err?: NodeJS.WritableStream }} [streams] where to print (tests capture them)
 * @returns {Promise<number>} exit code
 */
export async function main(argv, streams) {
  const reporter = createReporter(streams);
  try {
    // Loaded here, not above: a run that moves to the pinned Node never needs them in this process.
    const [{ assertNoFlagsTakenByNpm, parseArgs }, { runOnce }, { copiesWanted }] = await Promise.all([import("./cli/args.js"), import("./run/run-once.js"), import("./store/one-file-copy.js")]);
    const options = parseArgs(argv);
    assertNoFlagsTakenByNpm(process.env);
    copiesWanted(process.env);
    if (options.watch) {
      const { watch } = await import("./cli/watch.js");
      return await watch(options, reporter);
    }
    return await runOnce(options, reporter);
  } catch (error) {
    return reporter.fail(error);
  }
}

/**
 * The command line: on the project's pinned Node.js when this one is older (scripts/cli/runtime.js), else here.
 * @param {string[]} argv
 * @returns {Promise<number>} exit code
 */
async function command(argv) {
  exitWithParent();
  let node;
  try {
    node = pinnedNode();
  } catch (error) {
    return createReporter().fail(error);
  }
  if (node) {
    const code = await runOn(node, argv);
    if (code !== undefined) return code;
  }
  return main(argv);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  command(process.argv.slice(2)).then((code) => {
    reportDone(code);
    process.exitCode = code;
  });
}
