import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../helpers/temp-project.js";

// Each contender waits for a common start time, takes the lock, logs "in", holds it 30 ms, logs "out".
const CONTENDER = `
import { appendFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [lockJs, lock, log, startAt] = process.argv.slice(1);
const { acquireLock } = await import(pathToFileURL(lockJs).href);
while (Date.now() < Number(startAt)) {}
const release = await acquireLock(lock);
appendFileSync(log, "in\\n");
await new Promise((resolve) => setTimeout(resolve, 30));
appendFileSync(log, "out\\n");
release();
`;

describe("acquireLock", () => {
  it("lets one run at a time take over a lock left by a dead process, however they race", { timeout: 60_000 }, async () => {
    const lockJs = path.join(repoRoot, "scripts", "store", "lock.js");
    for (let trial = 0; trial < 5; trial++) {
      const dir = mkdtempSync(path.join(tmpdir(), "lock-race-"));
      try {
        const lock = path.join(dir, ".generate.lock");
        const log = path.join(dir, "log");
        writeFileSync(lock, "999999999"); // no such process
        writeFileSync(log, "");
        const startAt = String(Date.now() + 500);
        const codes = await Promise.all(
          Array.from({ length: 6 }, () =>
            new Promise<number | null>((resolve) =>
              spawn(process.execPath, ["--input-type=module", "-e", CONTENDER, lockJs, lock, log, startAt], { stdio: "inherit" }).on("exit", resolve),
            ),
          ),
        );
        expect(codes).toEqual([0, 0, 0, 0, 0, 0]);
        // Strictly alternating: never two holders at once.
        expect(readFileSync(log, "utf8")).toBe("in\nout\n".repeat(6));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
