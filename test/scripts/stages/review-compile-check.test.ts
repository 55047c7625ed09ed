import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GenerateError } from "../../../scripts/report/errors.js";
import { openCache } from "../../../scripts/store/cache.js";
import compileCheckStage from "../../../scripts/stages/compile-check.js";

const projectRoot = fileURLToPath(new URL("../../..", import.meta.url));

describe("compile-check stage (review)", () => {
  it("reports tsc's rejection as the stage's error, not as an unhandled rejection, when the token hash comes after tsc failed", async () => {
    let unhandled: unknown;
    const onUnhandled = (reason: unknown) => (unhandled = reason);
    process.on("unhandledRejection", onUnhandled);
    const dir = mkdtempSync(path.join(tmpdir(), "review-compile-cache-"));
    try {
      const cache = openCache({ dir, key: "k" });
      // The hash arrives late (a busy worker): tsc has long rejected the file by then.
      const shape = () => new Promise<string>((resolve) => setTimeout(() => resolve("late"), 3000));
      const error = await compileCheckStage("export type A = B;\n", { name: "things", file: "specs/things.yaml", document: {}, projectRoot, cache, shape }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GenerateError);
      expect(unhandled).toBeUndefined();
    } finally {
      process.off("unhandledRejection", onUnhandled);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
