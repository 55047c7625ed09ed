import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const fixture = (path: string) => `test/fixtures/diff/${path}`;

function run(...args: string[]) {
  const { status, stdout, stderr } = spawnSync(process.execPath, ["scripts/diff.js", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status, stdout, stderr };
}

const cases: [string, { given: string[]; want: { status: number; stdout?: RegExp; stderr?: RegExp } }][] = [
  ["no changes", { given: [fixture("renamed-ref/old.yaml"), fixture("renamed-ref/new.yaml")], want: { status: 0, stdout: /^No API changes\.$/m } }],
  ["breaking changes without --fail-on-breaking", { given: [fixture("request-body/old.yaml"), fixture("request-body/new.yaml")], want: { status: 0, stdout: /^BREAKING .*type narrowed: number -> integer$/m } }],
  ["breaking changes with --fail-on-breaking", { given: [fixture("request-body/old.yaml"), fixture("request-body/new.yaml"), "--fail-on-breaking"], want: { status: 1, stdout: /9 breaking/ } }],
  ["only non-breaking changes with --fail-on-breaking", { given: [fixture("docs-only/old.yaml"), fixture("docs-only/new.yaml"), "--fail-on-breaking"], want: { status: 0, stdout: /2 descriptions and 2 examples changed/ } }],
  ["a file with external $refs is bundled first", { given: [fixture("external-ref/old.yaml"), fixture("external-ref/new.yaml")], want: { status: 0, stdout: /schema\.id +type changed: string -> integer/ } }],
  ["recursion that does not line up (a $ref on one side, inline on the other) ends", { given: [fixture("cycle-unaligned/old.yaml"), fixture("cycle-unaligned/new.yaml")], want: { status: 0, stdout: /^No API changes\.$/m } }],
  ["a change deep in recursion that does not line up is found", { given: [fixture("cycle-unaligned/old.yaml"), fixture("cycle-unaligned/changed.yaml")], want: { status: 0, stdout: /children\[\*\]\.name +type changed: string -> integer/ } }],
  ["a renamed media type still has its schema compared", { given: [fixture("media-type-renamed/old.yaml"), fixture("media-type-renamed/new.yaml")], want: { status: 0, stdout: /content\['application\/json; charset=utf-8'\]\.schema\.b +property removed/ } }],
  ["a release with $refs to nothing, without --fail-on-breaking", { given: [fixture("broken-refs/old.yaml"), fixture("broken-refs/new.yaml")], want: { status: 0, stdout: /^INCOMPLETE: 4 \$refs point nowhere\. 2 breaking/m } }],
  ["an incomplete report with breaks and --fail-on-breaking", { given: [fixture("broken-refs/old.yaml"), fixture("broken-refs/new.yaml"), "--fail-on-breaking"], want: { status: 1, stdout: /new spec {2}#\/paths\/~1orders~1\{id\}\/get\/responses\/200 {2}\$ref #\/components\/responses\/Missing/ } }],
  ["only media types the client does not use changed, with --fail-on-breaking", { given: [fixture("unused-media-type/old.yaml"), fixture("unused-media-type/new.yaml"), "--fail-on-breaking"], want: { status: 0, stdout: /^ {2}application\/xml: 6 changes in 2 operations, not used by the client$/m } }],
  ["a shared enum change, once at its source, with --fail-on-breaking", { given: [fixture("shared-enum/old.yaml"), fixture("shared-enum/new.yaml"), "--fail-on-breaking"], want: { status: 1, stdout: /^BREAKING \(response\) +#\/components\/schemas\/Product\.status .*; reaches 3 operations: updateProduct, GET \/products, GET \/products\/\{id\}$/m } }],
  ["a missing file", { given: [fixture("nope.yaml"), fixture("docs-only/new.yaml")], want: { status: 2, stderr: /nope\.yaml: no such file/ } }],
  ["invalid YAML, with line and column", { given: [fixture("docs-only/old.yaml"), fixture("invalid/broken.yaml")], want: { status: 2, stderr: /invalid\/broken\.yaml: invalid YAML at line \d+, column \d+/ } }],
  ["a YAML alias bomb (nine lines that expand to 10^9 strings)", { given: [fixture("docs-only/old.yaml"), fixture("invalid/alias-bomb.yaml")], want: { status: 2, stderr: /invalid\/alias-bomb\.yaml: Excessive alias count/ } }],
  ["a Swagger 2.0 file", { given: [fixture("invalid/swagger.yaml"), fixture("docs-only/new.yaml")], want: { status: 2, stderr: /invalid\/swagger\.yaml: Swagger 2\.0 is not supported/ } }],
  ["an unknown flag", { given: [fixture("docs-only/old.yaml"), fixture("docs-only/new.yaml"), "--strict"], want: { status: 2, stderr: /unknown flag --strict/ } }],
  ["one file only", { given: [fixture("docs-only/old.yaml")], want: { status: 2, stderr: /expected two spec files, got 1/ } }],
];

describe("npm run diff", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    const result = run(...given);
    expect(result.status).toBe(want.status);
    if (want.stdout) expect(result.stdout).toMatch(want.stdout);
    if (want.stderr) expect(result.stderr).toMatch(want.stderr);
  });

  it("prints the report as JSON with --json", () => {
    const { status, stdout } = run(fixture("shared-schema/old.yaml"), fixture("shared-schema/new.yaml"), "--json");
    expect(status).toBe(0);
    expect(JSON.parse(stdout).operations.map((o: { operation: string }) => o.operation)).toEqual(["GET /products", "GET /products/{id}"]);
  });
});
