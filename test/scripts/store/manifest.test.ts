import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GENERATOR_FILES } from "../../../scripts/store/manifest.js";
import { repoRoot } from "../../helpers/temp-project.js";

const scripts = path.join(repoRoot, "scripts");

/** Every module under scripts/ that `entries` import, statically or with `import()`, followed through each other. */
function reachable(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(path.join(scripts, file), "utf8");
    for (const [, specifier] of source.matchAll(/(?:\bfrom\s*|\bimport\(\s*)"(\.{1,2}\/[^"]+\.js)"/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier!));
      // The generated code's own imports, in the stages' templates, name files that are not among ours.
      if (existsSync(path.join(scripts, target))) queue.push(target);
    }
  }
  return seen;
}

describe("the generator's fingerprint", () => {
  // A stage left out would change the output without regenerating it, and let the cache serve what the old code made.
  it("lists every stage the pipeline and its workers reach", () => {
    const stages = [...reachable(["run/pipeline.js", "run/worker.js"])].filter((file) => file.startsWith("stages/")).sort();
    expect(stages).toEqual(expect.arrayContaining(["stages/types.js", "stages/type-discriminators.js", "stages/format.js", "stages/bundle.js"]));
    expect(stages.filter((file) => !GENERATOR_FILES.includes(file))).toEqual([]);
  });

  // What the stages write into their outputs from report/ (lint's findings, their places); errors.js only words failures.
  it("lists every report module the stages reach", () => {
    const stages = [...reachable(["run/pipeline.js", "run/worker.js"])].filter((file) => file.startsWith("stages/"));
    const reports = [...reachable(stages)].filter((file) => file.startsWith("report/") && file !== "report/errors.js");
    expect(reports).toEqual(expect.arrayContaining(["report/problems.js", "report/json-ast.js"]));
    expect(reports.filter((file) => !GENERATOR_FILES.includes(file))).toEqual([]);
  });

  it("names files that exist", () => {
    expect(GENERATOR_FILES.filter((file) => !existsSync(path.join(scripts, file)))).toEqual([]);
  });
});
