import { describe, expect, test } from "vitest";
import { checkApiKey, checkBaseUrl, checkPathParam, serializePath } from "../../../src/internal/guards.js";

describe("checkPathParam", () => {
  const rejected: [string, unknown][] = [
    ["empty", ""],
    ["dot", "."],
    ["dot-dot", ".."],
    ["newline", "prd\n1"],
    ["NUL", "prd\u00001"],
    ["DEL", "prd\u007f"],
    ["C1 control", "prd\u0085"],
    ["lone high surrogate", "prd_\uD800"],
    ["lone low surrogate", "\uDC00prd"],
    ["surrogates in the wrong order", "prd_\uDC00\uD800"],
    ["missing", undefined],
    ["a number", 42],
    ["an object", { toString: () => "x" }],
  ];
  test.each(rejected)("rejects %s, naming the parameter and not the value", (_, value) => {
    expect(() => checkPathParam("productRef", value)).toThrow(TypeError);
    expect(() => checkPathParam("productRef", value)).toThrow(/"productRef"/);
  });

  test.each(["prd_1A2B3C4D", "...", ".a", "a b", "ü", "prd_\u{1F600}"])("accepts %j", (value) => {
    expect(checkPathParam("productRef", value)).toBe(value);
  });
});

describe("serializePath", () => {
  const cases: [string, { given: Record<string, unknown>; want: string }][] = [
    ["plain", { given: { a: "x", b: "y" }, want: "https://h/p/x/q/y" }],
    ["slash stays in its segment", { given: { a: "../admin", b: "y" }, want: "https://h/p/..%2Fadmin/q/y" }],
    ["query and fragment characters", { given: { a: "x?y=1#z", b: "y" }, want: "https://h/p/x%3Fy%3D1%23z/q/y" }],
    ["percent is encoded, so %2e cannot become a dot", { given: { a: "%2e%2e", b: "y" }, want: "https://h/p/%252e%252e/q/y" }],
  ];
  test.each(cases)("%s", (_, { given, want }) => {
    expect(serializePath("https://h/p/{a}/q/{b}", given)).toBe(want);
    expect(new URL(want).pathname.split("/")).toHaveLength(5);
  });

  test("a missing parameter is an error, not a literal {b}", () => {
    expect(() => serializePath("https://h/p/{a}/q/{b}", { a: "x" })).toThrow(/"b"/);
  });
});

describe("checkApiKey", () => {
  test.each([
    ["empty", ""],
    ["CR", "sk_sandbox_abc\r"],
    ["LF", "sk_sandbox_abc\nX-Evil: 1"],
    ["space", "sk sandbox"],
  ])("rejects a key with %s without quoting it", (_, key) => {
    let message = "";
    try {
      checkApiKey(key, "SOLVAPAY_API_KEY");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/API key/);
    if (key) expect(message).not.toContain(key.trim());
  });

  test("a missing key names the environment variable", () => {
    expect(() => checkApiKey(undefined, "SOLVAPAY_API_KEY")).toThrow(/SOLVAPAY_API_KEY/);
  });

  test("accepts a well-formed key", () => {
    expect(checkApiKey("sk_live_123", "X")).toBe("sk_live_123");
  });
});

describe("checkBaseUrl", () => {
  test.each([
    ["https://api.solvapay.com/", "https://api.solvapay.com"],
    ["https://api.chat-dash.com/v1/public", "https://api.chat-dash.com/v1/public"],
    ["http://127.0.0.1:4010", "http://127.0.0.1:4010"],
    ["http://127.8.9.10:1/x/", "http://127.8.9.10:1/x"],
    ["http://localhost:3000", "http://localhost:3000"],
    ["http://[::1]:3000", "http://[::1]:3000"],
  ])("accepts %s", (given, want) => {
    expect(checkBaseUrl(given)).toBe(want);
  });

  test.each([
    "http://api.solvapay.com",
    "http://128.0.0.1",
    "http://localhost.evil.com",
    "http://127.0.0.1.evil.com",
    "ftp://127.0.0.1",
    "not a url",
    "https://user:pass@api.solvapay.com",
    "https://api.solvapay.com?x=1",
  ])("rejects %s", (given) => {
    expect(() => checkBaseUrl(given)).toThrow(TypeError);
  });
});
