import { describe, expect, test } from "vitest";
import { assertNoFlagsTakenByNpm, parseArgs } from "../../../scripts/lib/args.js";

describe("parseArgs", () => {
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
