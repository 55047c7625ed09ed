import { describe, expect, it } from "vitest";
import { createPool } from "../../../scripts/run/pool.js";
import { formatSource } from "../../../scripts/stages/format.js";

const texts = ["export type A = string;\n", "/** a */ export type A = string;\n", "export type A = number;\n"];
const formatJob = (text: string) => ({ pieces: [{ kind: "format", text }] });
// A task of another kind than formatting: validators for a spec without calls.
const validatorsJob = { json: JSON.stringify({ openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {} }), file: "spec.json" };

describe("worker pool", () => {
  it("keeps one worker for task after task while its heap stays under the limit", async () => {
    const pool = createPool({ size: 1 });
    try {
      for (const text of texts) expect(await pool.run("format", formatJob(text))).toEqual([await formatSource(text)]);
      expect(pool.started).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it("replaces a worker whose heap ends a task above the limit, and runs the next tasks on its replacement", async () => {
    const pool = createPool({ size: 1, recycleAbove: 0 });
    try {
      for (const text of texts) expect(await pool.run("format", formatJob(text))).toEqual([await formatSource(text)]);
      expect(pool.started).toBe(3);
      // A failing task's worker is replaced too, and the failure still reaches the caller.
      await expect(pool.run("no-such-task", {})).rejects.toThrow("unknown task no-such-task");
      expect(pool.started).toBe(4);
      expect(await pool.run("format", formatJob(texts[0]!))).toEqual([await formatSource(texts[0]!)]);
    } finally {
      await pool.close();
    }
  });

  it("runs a queued task of another kind before queued formatting, and formatting in the order asked", async () => {
    const pool = createPool({ size: 1 });
    try {
      const done: string[] = [];
      const format = (name: string) => pool.run("format", { pieces: [{ kind: "format", text: `export type ${name} = 1;\n` }] }).then(() => done.push(name));
      const first = format("A");
      const rest = [format("B"), format("C")];
      const validators = pool.run("validators", validatorsJob).then(() => done.push("validators"));
      await Promise.all([first, ...rest, validators]);
      expect(done).toEqual(["A", "validators", "B", "C"]);
    } finally {
      await pool.close();
    }
  });

  it("fails the job of a worker that crashes or exits, and runs the next jobs on a replacement instead of hanging", async () => {
    const pool = createPool({ size: 1, url: new URL("../../fixtures/pool/crash-worker.js", import.meta.url) });
    try {
      const queued = pool.run("ok", {});
      await expect(pool.run("throw", {})).rejects.toThrow("crashed outside a task");
      expect(await queued).toBe("done");
      expect(await pool.run("ok", {})).toBe("done");
      await expect(pool.run("exit", {})).rejects.toThrow("a pipeline worker stopped (exit code 3)");
      expect(await pool.run("ok", {})).toBe("done");
      expect(pool.started).toBe(3);
    } finally {
      await pool.close();
    }
  });

  it("puts every idle worker to loading the later stages' libraries, not only the first", async () => {
    const pool = createPool({ size: 3 });
    try {
      pool.preloadIdle(["types", "format"]);
      expect(pool.started).toBe(3);
      // Each preloaded worker then takes a task of those kinds at once: three at a time, none waits.
      const formatted = await Promise.all(texts.map((text) => pool.run("format", formatJob(text))));
      expect(formatted).toEqual(await Promise.all(texts.map(async (text) => [await formatSource(text)])));
      expect(pool.started).toBe(3);
    } finally {
      await pool.close();
    }
  });
});
