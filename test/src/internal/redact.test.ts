import { expect, test } from "vitest";
import { redact, redactError, redactHeaders } from "../../../src/internal/redact.js";

const KEY = "sk_live_secret123";

test("redact removes the key from nested strings and keys", () => {
  const given = { error: `bad key ${KEY}`, list: [KEY, 1, null], [KEY]: true };
  expect(JSON.stringify(redact(given, KEY))).not.toContain(KEY);
  expect(redact(given, KEY).list).toEqual(["[REDACTED]", 1, null]);
});

test("redactHeaders returns a plain, redacted object", () => {
  expect(redactHeaders(new Headers({ "x-echo": `Bearer ${KEY}`, "x-request-id": "req_1" }), KEY)).toEqual({
    "x-echo": "Bearer [REDACTED]",
    "x-request-id": "req_1",
  });
});

test("redactError copies the chain with the key removed and keeps codes", () => {
  const inner = Object.assign(new Error(`socket for ${KEY}`), { code: "ECONNRESET" });
  const copy = redactError(new TypeError(`fetch failed ${KEY}`, { cause: inner }), KEY) as Error & { cause: Error & { code: string } };
  expect(copy.message).toBe("fetch failed [REDACTED]");
  expect(copy.name).toBe("TypeError");
  expect(copy.cause.code).toBe("ECONNRESET");
  expect(String(copy.stack) + String(copy.cause.stack)).not.toContain(KEY);
});

test("redact removes the key in each form it was sent in: percent-encoded (query, cookie), form-encoded and base64 (HTTP basic), also percent-encoded", () => {
  // Its base64 has `+` and `=`, which percent-encoding changes.
  const key = "acct_9:s3cr3t+Key/xyz=?~x";
  const echoed = [
    `authorization=Basic ${btoa(key)}`,
    `?api_key=${encodeURIComponent(key)}`,
    `cookie=sid=${encodeURIComponent(key)}`,
    `body: ${new URLSearchParams({ api_key: key }).toString()}`,
    `plain ${key}`,
    `next=/login?auth=Basic%20${encodeURIComponent(btoa(key))}`,
    `form: ${new URLSearchParams({ authorization: `Basic ${btoa(key)}` }).toString()}`,
  ];
  for (const line of echoed) {
    const redacted = redact(line, key);
    expect(redacted).toContain("[REDACTED]");
    for (const form of [key, btoa(key), encodeURIComponent(key), new URLSearchParams({ k: key }).toString().slice(2), encodeURIComponent(btoa(key))]) expect(redacted).not.toContain(form);
  }
});
