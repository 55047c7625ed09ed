import { describe, expect, test } from "vitest";
import { retryAfterMs, sleep } from "../../../src/internal/backoff.js";

describe("retryAfterMs", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  const cases: [string, { given: Record<string, string>; want: number | undefined }][] = [
    ["none", { given: {}, want: undefined }],
    ["retry-after-ms wins", { given: { "retry-after-ms": "250", "retry-after": "9" }, want: 250 }],
    ["seconds", { given: { "retry-after": "2" }, want: 2000 }],
    ["fractional seconds", { given: { "retry-after": "0.5" }, want: 500 }],
    ["zero", { given: { "retry-after": "0" }, want: 0 }],
    ["HTTP date", { given: { "retry-after": "Wed, 01 Jan 2025 00:00:03 GMT" }, want: 3000 }],
    ["HTTP date, RFC 850 form", { given: { "retry-after": "Wednesday, 01-Jan-25 00:00:03 GMT" }, want: 3000 }],
    ["HTTP date, asctime form", { given: { "retry-after": "Wed Jan  1 00:00:03 2025" }, want: 3000 }],
    ["garbage", { given: { "retry-after": "soon" }, want: undefined }],
    ["negative seconds", { given: { "retry-after": "-5" }, want: undefined }],
    ["hex seconds", { given: { "retry-after": "0x10" }, want: undefined }],
    ["exponent seconds", { given: { "retry-after": "1e3" }, want: undefined }],
    ["negative retry-after-ms falls through to retry-after", { given: { "retry-after-ms": "-1000", "retry-after": "2" }, want: 2000 }],
    ["retry-after-ms garbage alone", { given: { "retry-after-ms": "soon" }, want: undefined }],
    ["surrounding spaces", { given: { "retry-after": " 3 " }, want: 3000 }],
  ];
  test.each(cases)("%s", (_, { given, want }) => {
    expect(retryAfterMs(new Headers(given), now)).toBe(want);
  });
});

describe("sleep", () => {
  test("rejects with the signal's reason as soon as it aborts", async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
  });

  test("rejects at once when the signal is already aborted", async () => {
    await expect(sleep(60_000, AbortSignal.abort(new Error("early")))).rejects.toThrow("early");
  });

  test("resolves after the delay", async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
  });
});
