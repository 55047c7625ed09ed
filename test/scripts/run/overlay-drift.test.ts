import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "../../helpers/temp-project.js";

let project: TempProject | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

const driftLine = /is (redundant|conflicting):/;

describe("overlay drift", () => {
  it("today's overlays: no drift line, on the first generate nor on one that compares with its records", async () => {
    project = tempProject();
    const first = await project.generate("--force");
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).not.toMatch(driftLine);
    // The manifest records, per action, hashes of the vendor nodes it replaces.
    const manifest = JSON.parse(project.read("generated/manifest.json"));
    expect(manifest.apis.solvapay.overlayActions.map((a: { action: number; target: string }) => `${a.action} ${a.target}`)).toEqual(["1 $.servers", "2 $.components.securitySchemes", "3 $.info"]);
    expect(Object.keys(manifest.apis.solvapay.overlayActions[0].nodes)).toEqual(["$['servers']"]);
    expect(Object.keys(manifest.apis.chatdash.overlayActions[0].nodes)).toEqual(["$['paths']['/stripe/connect/accounts/{accountId}/products/{productId}']['put']['parameters'][0]"]);

    const second = await project.generate("--force");
    expect(second.code).toBe(0);
    expect(second.stdout).not.toMatch(driftLine);
    const changes = existsSync(project.file("generated/CHANGES.md")) ? project.read("generated/CHANGES.md") : "";
    expect(changes).not.toContain("Overlay drift");
  });

  it("the vendor now declares the servers the SolvaPay overlay adds: the action is redundant, in the output and CHANGES.md; exit 0", async () => {
    project = tempProject();
    project.edit("specs/solvapay.yaml", (t) =>
      t.replace(
        "servers: []\n",
        "servers:\n  - url: https://api.solvapay.com\n    description: Production and sandbox (the key prefix, sk_sandbox_ or sk_live_, picks the mode)\n",
      ),
    );
    const result = await project.generate();
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const line = "solvapay: overlay specs/overlays/solvapay.yaml action 1 ($.servers) is redundant: the vendor's document already has what it sets; remove it";
    expect(result.stdout).toContain(`${line}\n`);
    expect(result.stdout.match(new RegExp(driftLine, "g"))).toHaveLength(1);
    const changes = project.read("generated/CHANGES.md");
    expect(changes).toMatch(/## solvapay 1\.0\n/);
    expect(changes).toContain(`**Overlay drift:**\n\n- ${line}\n`);
  });

  it("the vendor changes the very nodes two actions replace since the last generate: both are conflicting; exit 0", async () => {
    project = tempProject();
    expect((await project.generate("--force")).code).toBe(0);
    // SolvaPay's action 3 sets info.x-client.name; the vendor now sets it too, to something else.
    project.edit("specs/solvapay.yaml", (t) => t.replace("info:\n  contact: {}\n", "info:\n  x-client:\n    name: Solva\n  contact: {}\n"));
    // ChatDash's action 1 removes the Authorization parameter; the vendor reworded it on one operation.
    project.edit("specs/chatdash.yaml", (t) => t.replace("All requests to the ChatDash API must be validated", "Every request to the ChatDash API is validated"));
    const result = await project.generate();
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "solvapay: overlay specs/overlays/solvapay.yaml action 3 ($.info) is conflicting: the vendor changed what it replaces at $['info'] since the last generate; check that the action still holds\n",
    );
    expect(result.stdout).toMatch(
      /chatdash: overlay specs\/overlays\/chatdash\.yaml action 1 \(\$\.paths\.\*\.\*\.parameters\[[^\n]*\]\) is conflicting: the vendor changed what it replaces at \$\['paths'\]\['\/stripe\/connect\/accounts\/\{accountId\}\/products\/\{productId\}'\]\['put'\]\['parameters'\]\[0\] since the last generate/,
    );
    expect(result.stdout.match(new RegExp(driftLine, "g"))).toHaveLength(2);
    expect(project.read("generated/CHANGES.md")).toContain("action 3 ($.info) is conflicting");
    // The records now hold the vendor's new values: the next generate has nothing to say.
    const again = await project.generate("--force");
    expect(again.stdout).not.toMatch(driftLine);
  });
});
