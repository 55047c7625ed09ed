import { expect, test } from "vitest";
import { encodeForm } from "../../../src/internal/form.js";

test("encodes nested objects and arrays in the bracket style, null as empty", () => {
  expect(encodeForm({ name: "Pro", metadata: { tier: "gold" }, tags: ["a", "b"], unset: null, skipped: undefined })).toBe(
    "name=Pro&metadata%5Btier%5D=gold&tags%5B0%5D=a&tags%5B1%5D=b&unset=",
  );
});

test("refuses a lone surrogate in a value or a field name rather than sending U+FFFD in its place", () => {
  expect(() => encodeForm({ name: "ab\uD83D" })).toThrow(/lone surrogate \(at name\)/);
  expect(() => encodeForm({ metadata: { ["k\uDC00"]: "v" } })).toThrow(/lone surrogate \(in the field name/);
  // A well-formed pair is sent as its UTF-8.
  expect(encodeForm({ name: "ab\uD83D\uDE00" })).toBe("name=ab%F0%9F%98%80");
});

test("refuses a Map, Set or URL, which have no entries of their own and would vanish from the body", () => {
  expect(() => encodeForm({ tags: new Set(["a"]) })).toThrow(/Cannot form-encode a Set \(at tags\); pass a plain object/);
  expect(() => encodeForm({ meta: new Map([["k", "v"]]) })).toThrow(/a Map \(at meta\)/);
  expect(() => encodeForm({ site: new URL("https://example.com/") })).toThrow(/a URL \(at site\)/);
  expect(encodeForm({ bare: Object.assign(Object.create(null), { k: "v" }) })).toBe("bare%5Bk%5D=v");
});
