import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const tsc = join(root, "node_modules/typescript/bin/tsc");

/** tsc's exit code and output (it prints its diagnostics on stdout). */
async function compile(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(process.execPath, [tsc, ...args], { cwd: root });
    return { code: 0, output: stdout };
  } catch (error) {
    const { code, stdout } = error as { code: number; stdout: string };
    return { code, output: stdout };
  }
}

test("exact-optional.test-d.ts compiles under exactOptionalPropertyTypes", async () => {
  const { code, output } = await compile(["--noEmit", "-p", "test/types/tsconfig.exact.json"]);
  expect(output).toBe("");
  expect(code).toBe(0);
}, 60_000);

test("control: the flag rejects `undefined` for an option declared without `| undefined`", async () => {
  // Proves the compile above ran with the flag on: the options' old shape fails it.
  const dir = await mkdtemp(join(tmpdir(), "exact-optional-"));
  try {
    const file = join(dir, "control.ts");
    await writeFile(file, "interface Old { apiKey?: string }\ndeclare const key: string | undefined;\nexport const old: Old = { apiKey: key };\n");
    const { code, output } = await compile(["--noEmit", "--strict", "--exactOptionalPropertyTypes", "--types", "node", "--skipLibCheck", file]);
    expect(code).not.toBe(0);
    expect(output).toContain("TS2375");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);
