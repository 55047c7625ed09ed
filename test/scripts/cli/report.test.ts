import { spawn } from "node:child_process";
import { expect, it } from "vitest";
import { generateScript, tempProject } from "../../helpers/temp-project.js";

it("goes on, writes and exits 0 when the reader of its output goes away (generate | head), without a stack trace", async () => {
  const project = tempProject();
  try {
    const before = project.snapshot();
    const child = spawn(process.execPath, [generateScript, "--config", project.config, "--force"], { stdio: ["ignore", "pipe", "pipe"] });
    // The reader closes its end before generate prints its summary lines.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(project.snapshot()).toEqual(before);
  } finally {
    project.remove();
  }
});
