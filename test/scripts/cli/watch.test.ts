import { spawn } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { generateScript, tempProject, type TempProject } from "../../helpers/temp-project.js";
import { eventually } from "../../helpers/eventually.js";

let project: TempProject;
beforeAll(() => {
  project = tempProject();
});
afterAll(() => project.remove());

it("--watch regenerates on change, reports a broken edit, keeps the last good output and goes on", async () => {
  const child = spawn(process.execPath, [generateScript, "--config", project.config, "--watch"], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    await eventually(() => stdout.includes("watching"), "the first run");
    expect(stdout).toContain("generated/ is up to date (2 APIs)");

    project.edit("specs/chatdash.yaml", (t) => t.replace("summary: Update Product", "summary: Update a Product"));
    await eventually(() => project.read("generated/chatdash.ts").includes("Update a Product"), "the regenerated types");
    const good = project.read("generated/chatdash.ts");

    project.edit("specs/chatdash.yaml", (t) => t.replace("      summary: Update a Product\n", "      summary: [\n"));
    await eventually(() => stderr.includes("error: specs/chatdash.yaml:"), "the error report");
    expect(stderr).toMatch(/invalid YAML in the spec of chatdash@2\.0\.0/);
    expect(project.read("generated/chatdash.ts")).toBe(good);

    project.edit("specs/chatdash.yaml", (t) => t.replace("      summary: [\n", "      summary: Update Product again\n"));
    await eventually(() => project.read("generated/chatdash.ts").includes("Update Product again"), "recovery after the fix");
  } finally {
    child.kill("SIGTERM");
  }
  expect(await exited).toBe(0);
});

it("stops once, with exit code 0, when a signal reaches it twice at once (a terminal's, and the starting Node's copy)", async () => {
  // Its own process group, signalled as a terminal signals the foreground group: both Nodes get SIGTERM,
  // and the first passes its copy on.
  const child = spawn(process.execPath, [generateScript, "--config", project.config, "--watch"], { stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stdout = "";
  child.stdout.on("data", (d) => (stdout += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    await eventually(() => stdout.includes("watching"), "the first run");
    process.kill(-(child.pid as number), "SIGTERM");
    expect(await exited).toBe(0);
  } finally {
    child.kill("SIGKILL");
  }
});
