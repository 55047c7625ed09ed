import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pruneCache } from "../../../scripts/store/cache.js";

describe("cache pruning (review)", () => {
  it("deletes only its own folders of other tool versions, never anything else in PRODUCT_CLIENTS_CACHE's folder (say ~/.cache, or the project)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "review-prune-"));
    try {
      mkdirSync(path.join(dir, "other-tool"));
      writeFileSync(path.join(dir, "other-tool", "data"), "x");
      writeFileSync(path.join(dir, "notes.txt"), "x");
      mkdirSync(path.join(dir, "fedcba9876543210")); // an old version of this cache
      pruneCache({ dir, key: "0123456789abcdef" });
      expect(existsSync(path.join(dir, "other-tool", "data"))).toBe(true);
      expect(existsSync(path.join(dir, "notes.txt"))).toBe(true);
      expect(existsSync(path.join(dir, "fedcba9876543210"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
