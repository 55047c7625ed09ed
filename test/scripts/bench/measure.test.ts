import { describe, expect, it } from "vitest";
import { inTurns } from "../../../scripts/bench/measure.js";

describe("inTurns", () => {
  it("runs the jobs in turns, round after round, and gives each its median and its highest peak", () => {
    const order: string[] = [];
    const job = (name: string, walls: number[], peaks: number[]) => () => {
      order.push(name);
      const round = order.filter((n) => n === name).length - 1;
      return { wallMs: walls[round] as number, peakRssMb: peaks[round] as number };
    };
    const [a, b] = inTurns([job("a", [30, 10, 20], [5, 9, 7]), job("b", [1, 3, 2], [1, 1, 4])], 3);
    expect(order).toEqual(["a", "b", "a", "b", "a", "b"]);
    expect(a).toEqual({ wallMs: 20, peakRssMb: 9, runs: 3 });
    expect(b).toEqual({ wallMs: 2, peakRssMb: 4, runs: 3 });
  });
});
