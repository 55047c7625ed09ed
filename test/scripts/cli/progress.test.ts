import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createProgress } from "../../../scripts/cli/progress.js";

const sink = () => {
  const writes: string[] = [];
  return { writes, stream: { isTTY: true, write: (s: string) => writes.push(s) } };
};

describe("generate's progress", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("on a terminal, shows each API's stage and elapsed time once work takes over a second", () => {
    const { writes, stream } = sink();
    const progress = createProgress({ stream, interactive: true });
    progress.stage("solvapay", "bundle");
    progress.stage("chatdash", "bundle");
    vi.advanceTimersByTime(900);
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(writes.at(-1)).toMatch(/^\x1b\[0Jsolvapay  bundle  1\.\d s\nchatdash  bundle  1\.\d s\n$/);
    progress.stage("solvapay", "format");
    progress.done("chatdash");
    vi.advanceTimersByTime(200);
    // Redrawn in place: up two lines, clear, the new state.
    expect(writes.at(-1)).toMatch(/^\x1b\[2A\x1b\[0Jsolvapay  format  1\.\d s\nchatdash  done  1\.\d s\n$/);
    progress.stop();
    expect(writes.at(-1)).toBe("\x1b[2A\x1b[0J");
    const count = writes.length;
    vi.advanceTimersByTime(1000);
    expect(writes.length).toBe(count);
  });

  it("in CI or when piped, draws nothing", () => {
    const { writes, stream } = sink();
    const progress = createProgress({ stream, interactive: false });
    progress.stage("solvapay", "bundle");
    vi.advanceTimersByTime(5000);
    progress.stop();
    expect(writes).toEqual([]);
  });

  it("draws nothing for work that ends within the first second", () => {
    const { writes, stream } = sink();
    const progress = createProgress({ stream, interactive: true });
    progress.stage("chatdash", "bundle");
    vi.advanceTimersByTime(500);
    progress.done("chatdash");
    progress.stop();
    vi.advanceTimersByTime(2000);
    expect(writes).toEqual([]);
  });
});
