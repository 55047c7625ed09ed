import { describe, expect, test } from "vitest";
import { assertNoFlagsTakenByNpm, parseArgs } from "../../../scripts/cli/args.js";

describe("parseArgs", () => {
  test.each([
    [["--chek"], /unknown option '--chek'/],
    [["specs/x.yaml"], /unknown option 'specs\/x\.yaml'/],
    [["--force=yes"], /unknown option|--force/],
    [["--config"], /option --config needs a file/],
  ])("%j is refused with exit code 2, naming what", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
    try {
      parseArgs(argv);
    } catch (error) {
      expect((error as { exitCode: number }).exitCode).toBe(2);
    }
  });

  test("takes the flags, --config FILE and --config=FILE", () => {
    expect(parseArgs(["--force", "--quiet", "--config", "a.yaml"])).toMatchObject({ force: true, quiet: true, config: "a.yaml", check: false });
    expect(parseArgs(["--config=b.yaml", "--fail-on-breaking"])).toMatchObject({ config: "b.yaml", failOnBreaking: true });
    expect(parseArgs([])).toMatchObject({ config: "redocly.yaml", force: false, cache: true });
    expect(parseArgs(["--no-cache"])).toMatchObject({ cache: false });
  });

  test("--check with --force is refused: --check writes nothing", () => {
    expect(() => parseArgs(["--check", "--force"])).toThrow(/--check writes nothing/);
  });
});

describe("assertNoFlagsTakenByNpm", () => {
  test("names every flag npm kept for itself and how to pass it on", () => {
    const env = { npm_lifecycle_event: "generate", npm_config_check: "true", npm_config_fail_on_breaking: "true" };
    expect(() => assertNoFlagsTakenByNpm(env)).toThrow("npm took --check --fail-on-breaking as its own option, so generate did not get it: run npm run generate -- --check --fail-on-breaking");
  });

  test("says nothing outside npm run generate, or when no flag was taken", () => {
    expect(() => assertNoFlagsTakenByNpm({ npm_config_check: "true" })).not.toThrow();
    expect(() => assertNoFlagsTakenByNpm({ npm_lifecycle_event: "test", npm_config_check: "true" })).not.toThrow();
    expect(() => assertNoFlagsTakenByNpm({ npm_lifecycle_event: "generate" })).not.toThrow();
  });
});
