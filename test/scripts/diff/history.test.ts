import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Five consecutive distinct releases of @directus/specs (source, versions and license in the fixture's README).
// Each snapshot is the text report of `npm run diff old new`, reviewed by hand line by line against the two files.
const root = fileURLToPath(new URL("../../..", import.meta.url));
const history = "test/fixtures/diff/history/directus";

const pairs: [string, string][] = [
  // 6 change lines, all correct: the optional request property ip_whitelist renamed to ip_access in the inline
  // bodies of PATCH /roles (under data), PATCH /roles/{id} and POST /roles, each reported as removed (breaking)
  // plus optional property added. Version warning correct (info.version "10" in every release).
  // Not reported, correctly: 5 descriptions ("EXIF" -> "Exif"), counted in the summary.
  ["10.2.4", "10.2.6"],
  // 4 change lines, all correct: Settings.public_background string|null -> object{id,type}|null, response only
  // (PATCH /settings' body is a bare `type: object`, not Settings); login's mode enum gains "session"; logout and
  // refresh gain an optional mode (refresh's has a default, which openapi-typescript ignores in request bodies).
  // Not reported: components.parameters.Mode removed (referenced nowhere: correct); 3 descriptions (counted);
  // `required: ["token"]` dropped from the logout and refresh bodies: "token" is not among their properties
  // (the vendor meant refresh_token), so it is a loosening the diff does not see; non-breaking either way.
  ["10.2.6", "10.2.7"],
  // 22 change lines, all correct: the shared parameter components.parameters.Filter went from `schema: array of
  // pattern strings` to `content: application/json, type object` (deepObject-like JSON), and each of the 22
  // operations that $ref it (counted with jq) gets "type changed: array -> object", breaking for callers.
  // Disagreement (presentation, not severity): a shared *parameter* component is not grouped at its source as
  // shared schemas are, so one vendor change gives 22 lines. The "1 example changed" is the new schema's example.
  ["10.2.7", "10.2.8"],
  // 2 change lines, both correct: Files gains an optional created_on (date-time), reported once at its source
  // for request bodies (13 operations, e.g. user avatars in PATCH /users) and once for responses (39 operations);
  // both non-breaking, 52 in the summary = 13 + 39. Not reported, correctly: 1 description (uploaded_on).
  // Disagreement (presentation): the two lines read identically; only --json shows which is request and which
  // response (kinds optional-property-added vs property-added).
  ["10.2.8", "10.2.11"],
];

function report(oldVersion: string, newVersion: string) {
  const files = [`${history}/${oldVersion}.json`, `${history}/${newVersion}.json`];
  return spawnSync(process.execPath, ["scripts/diff.js", ...files], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
}

describe("the change report on a real vendor's release history", () => {
  it.each(pairs)("%s -> %s matches the reviewed report", async (oldVersion, newVersion) => {
    const { status, stdout, stderr } = report(oldVersion, newVersion);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    await expect(stdout).toMatchFileSnapshot(`__snapshots__/history/directus-${oldVersion}-to-${newVersion}.txt`);
  });
});
