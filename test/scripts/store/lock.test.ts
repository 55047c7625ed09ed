import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { acquireLock } from "../../../scripts/store/lock.js";
import { repoRoot } from "../../helpers/temp-project.js";

// Lets a test step in at a read of the lock, to play another run at an exact point of the interleaving.
const onRead = vi.hoisted(() => ({ hook: undefined as ((file: string, read: () => unknown) => unknown) | undefined }));
vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  const readFileSync = ((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    const read = () => (real.readFileSync as (...args: unknown[]) => unknown)(file, ...rest);
    return onRead.hook && typeof file === "string" ? onRead.hook(file, read) : read();
  }) as typeof real.readFileSync;
  return { ...real, default: { ...real, readFileSync }, readFileSync };
});
/** Temporary folders, removed after each test. */
const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  onRead.hook = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

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
  it("never removes a lock another run created after it found none", async () => {
    const dir = tempDir("lock-gap-");
    const lock = path.join(dir, ".generate.lock");
    writeFileSync(lock, String(process.ppid)); // a live holder
    let reads = 0;
    let otherHolds = false;
    let otherLost = false;
    onRead.hook = (file, read) => {
      if (file !== lock) return read();
      reads++;
      // The holder releases just after our failed attempt, so our first read finds no lock.
      if (reads === 1) rmSync(lock);
      let result: unknown;
      let failure: unknown;
      try {
        result = read();
      } catch (error) {
        failure = error;
      }
      // Another run creates its lock just after our second read that finds none.
      if (reads === 2 && failure !== undefined && !otherHolds) {
        writeFileSync(lock, String(process.ppid), { flag: "wx" });
        otherHolds = true;
        setTimeout(() => {
          otherLost = readFileSync(lock, "utf8") !== String(process.ppid);
          rmSync(lock, { force: true });
          otherHolds = false;
        }, 300);
      }
      if (failure !== undefined) throw failure;
      return result;
    };
    const release = await acquireLock(lock);
    onRead.hook = undefined;
    // Never two holders: if the other run got in, we got the lock only after it let go of it intact.
    expect(otherHolds).toBe(false);
    expect(otherLost).toBe(false);
    expect(readFileSync(lock, "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lock)).toBe(false);
  });

  it("waits for a lock it cannot read and never removes it (another user's, too many open files)", async () => {
    const dir = tempDir("lock-unreadable-");
    const lock = path.join(dir, ".generate.lock");
    writeFileSync(lock, String(process.ppid));
    onRead.hook = (file, read) => {
      if (file !== lock) return read();
      throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: "EACCES" });
    };
    let acquired = false;
    const acquiring = acquireLock(lock).then((release) => ((acquired = true), release));
    await new Promise((resolve) => setTimeout(resolve, 350));
    onRead.hook = undefined;
    expect(acquired).toBe(false);
    expect(readFileSync(lock, "utf8")).toBe(String(process.ppid));
    // Once the holder lets go, the lock is taken as usual.
    rmSync(lock);
    const release = await acquiring;
    expect(readFileSync(lock, "utf8")).toBe(String(process.pid));
    release();
  });

  it("takes over a lock that names its own pid but that it does not hold (a restarted container reuses pids)", async () => {
    const dir = tempDir("lock-own-pid-");
    const lock = path.join(dir, ".generate.lock");
    writeFileSync(lock, String(process.pid));
    // Without the fix this waits 120 s for itself; the test's own timeout ends it first.
    const release = await acquireLock(lock);
    expect(readFileSync(lock, "utf8")).toBe(String(process.pid));
    // While this process holds it, a second acquire in the same process waits rather than taking it over.
    let second = false;
    const secondAcquire = acquireLock(lock).then((r) => ((second = true), r));
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(second).toBe(false);
    release();
    (await secondAcquire)();
    expect(fs.existsSync(lock)).toBe(false);
  }, 10_000);

  it("waits while another run takes a stale lock over, reading the lock once a poll rather than spinning", async () => {
    const dir = tempDir("lock-takeover-busy-");
    const lock = path.join(dir, ".generate.lock");
    writeFileSync(lock, "999999999"); // no such process
    writeFileSync(`${lock}.takeover`, ""); // another run is inside its takeover
    let reads = 0;
    onRead.hook = (file, read) => {
      if (file === lock) reads++;
      return read();
    };
    const acquiring = acquireLock(lock);
    await new Promise((resolve) => setTimeout(resolve, 350));
    // A poll every 100 ms: about 4 reads. Spinning made thousands.
    expect(reads).toBeLessThan(20);
    expect(readFileSync(lock, "utf8")).toBe("999999999");
    // That run ends without taking it (killed): the lock is taken over once the second lock is gone.
    rmSync(`${lock}.takeover`);
    const release = await acquiring;
    expect(readFileSync(lock, "utf8")).toBe(String(process.pid));
    release();
  });

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
