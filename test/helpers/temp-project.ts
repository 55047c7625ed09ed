import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { main } from "../../scripts/generate.js";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const generateScript = path.join(repoRoot, "scripts", "generate.js");

/** A scratch copy of the project's inputs (and, if asked, its generated/) in a temp folder. */
export function tempProject({ withGenerated = true } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "product-clients-gen-"));
  cpSync(path.join(repoRoot, "redocly.yaml"), path.join(dir, "redocly.yaml"));
  cpSync(path.join(repoRoot, "specs"), path.join(dir, "specs"), { recursive: true });
  if (withGenerated) cpSync(path.join(repoRoot, "generated"), path.join(dir, "generated"), { recursive: true });
  return {
    dir,
    config: path.join(dir, "redocly.yaml"),
    file: (name: string) => path.join(dir, name),
    read: (name: string) => readFileSync(path.join(dir, name), "utf8"),
    write: (name: string, content: string) => writeFileSync(path.join(dir, name), content),
    edit: (name: string, change: (text: string) => string) => {
      const file = path.join(dir, name);
      const before = readFileSync(file, "utf8");
      const after = change(before);
      if (after === before) throw new Error(`edit of ${name} changed nothing`);
      writeFileSync(file, after);
    },
    /** Every file of generated/ with its bytes, to compare before and after a run. */
    snapshot: () => snapshotDir(path.join(dir, "generated")),
    /** Runs generate in this process (fast: libraries load once) and captures its output. */
    generate: (...args: string[]) => runGenerate(["--config", path.join(dir, "redocly.yaml"), ...args]),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export type TempProject = ReturnType<typeof tempProject>;

export function snapshotDir(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) files[name] = readFileSync(path.join(dir, name), "utf8");
  return files;
}

export async function runGenerate(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const code = await main(argv, { out: sink((s) => (stdout += s)), err: sink((s) => (stderr += s)) });
  return { code, stdout, stderr };
}
