// @ts-check

const FORM = "application/x-www-form-urlencoded";

/**
 * Whether the generated client sends (request) or reads (response) a body of this media type: JSON
 * (`application/json`, `*+json`, with parameters) either way, and form-encoded request bodies. Mirrors
 * `pickMediaType` in scripts/stages/calls.js, which chooses among exactly these.
 * @param {string} type @param {"request" | "response"} direction
 */
export function clientUses(type, direction) {
  const essence = type.split(";")[0]?.trim().toLowerCase() ?? "";
  if (/^[^/]+\/([^/]+\+)?json$/.test(essence)) return true;
  return direction === "request" && essence === FORM;
}
