// @ts-check
import { createHash } from "node:crypto";

/** @param {string | Uint8Array} content */
export function sha256(content) {
  return createHash("sha256").update(content).digest("hex");
}

/**
 * One hash over named parts, order-independent, so the input hash of an API does not depend on
 * the order in which its files were listed or read.
 * @param {Record<string, string>} parts
 */
export function hashParts(parts) {
  const lines = Object.keys(parts)
    .sort()
    .map((key) => `${key}\0${parts[key]}`);
  return sha256(lines.join("\n"));
}
