import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { USER_AGENT, VERSION } from "../../../src/internal/version.js";

test("VERSION is package.json's version", () => {
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
  expect(VERSION).toBe(pkg.version);
  expect(USER_AGENT).toBe(`product-clients/${pkg.version}`);
});
