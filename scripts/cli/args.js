// @ts-check
import { parseArgs as nodeParseArgs } from "node:util";
import { GenerateError } from "../report/errors.js";

/** @typedef {{ force: boolean, check: boolean, watch: boolean, failOnBreaking: boolean, quiet: boolean, lintDetails: boolean, cache: boolean, config: string }} GenerateOptions */

export const USAGE = `usage: npm run generate -- [--force] [--check] [--watch] [--fail-on-breaking] [--quiet] [--lint-details] [--no-cache] [--config redocly.yaml]
  --force             regenerate every API, even those whose inputs did not change
  --check             write nothing; exit 1 naming every stale, missing or extra file in generated/
  --watch             regenerate when a spec, overlay or redocly.yaml changes
  --fail-on-breaking  exit 1 when the change report has a breaking line
  --quiet             print errors only
  --lint-details      print every advisory lint finding (as in generated/<name>.lint.txt)
  --no-cache          neither read nor write the cache of stage results (README, "Cache")
  --config FILE       the Redocly config listing the APIs (default: redocly.yaml)`;

/**
 * Parses generate's command line with Node's own parser. Unknown flags are an error, not ignored: a typo
 * such as `--chek` must not silently regenerate everything.
 * @param {string[]} argv
 * @returns {GenerateOptions}
 */
export function parseArgs(argv) {
  let values;
  try {
    ({ values } = nodeParseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        force: { type: "boolean" },
        check: { type: "boolean" },
        watch: { type: "boolean" },
        "fail-on-breaking": { type: "boolean" },
        quiet: { type: "boolean" },
        "lint-details": { type: "boolean" },
        "no-cache": { type: "boolean" },
        config: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    // util.parseArgs names what it refused in its message: an unknown option, a stray argument, a missing value.
    const message = error instanceof Error ? error.message : String(error);
    if (/argument missing/.test(message)) throw new GenerateError(`option --config needs a file\n${USAGE}`, { exitCode: 2 });
    const arg = /(?:Unknown option|Unexpected argument) '([^']*)'/.exec(message)?.[1] ?? message;
    throw new GenerateError(`unknown option '${arg}'\n${USAGE}`, { exitCode: 2 });
  }
  if (values.help) throw new GenerateError(USAGE, { exitCode: 0 });
  if (values.config === "") throw new GenerateError(`option --config needs a file\n${USAGE}`, { exitCode: 2 });
  /** @type {GenerateOptions} */
  const options = {
    force: values.force === true,
    check: values.check === true,
    watch: values.watch === true,
    failOnBreaking: values["fail-on-breaking"] === true,
    quiet: values.quiet === true,
    lintDetails: values["lint-details"] === true,
    cache: values["no-cache"] !== true,
    config: values.config ?? "redocly.yaml",
  };
  if (options.check && options.watch) throw new GenerateError("--check and --watch cannot be combined", { exitCode: 2 });
  if (options.check && options.force) throw new GenerateError("--check writes nothing, so --force means nothing with it", { exitCode: 2 });
  return options;
}

/**
 * `npm run generate --check` (no `--`) hands `--check` to npm, which keeps it as `npm_config_check` and
 * runs generate without it: a CI step meant to fail on stale output would regenerate and pass. npm
 * leaves no other trace, so its environment is the place to look.
 * @param {Record<string, string | undefined>} env
 */
export function assertNoFlagsTakenByNpm(env) {
  if (env.npm_lifecycle_event !== "generate") return;
  const taken = ["force", "check", "watch", "fail-on-breaking", "lint-details"].filter((flag) => env[`npm_config_${flag.replaceAll("-", "_")}`] === "true");
  if (taken.length > 0) {
    const flags = taken.map((f) => `--${f}`).join(" ");
    throw new GenerateError(`npm took ${flags} as its own option, so generate did not get it: run npm run generate -- ${flags}`, { exitCode: 2 });
  }
}
