import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { copiesWanted, discardCopy, oneFileCopy } from "../../../scripts/store/one-file-copy.js";
import { repoRoot } from "../../helpers/temp-project.js";

const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "one-file-copy-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project whose node_modules holds an ES module package of two files that imports a CommonJS one. */
function project() {
  const root = scratch();
  const esm = path.join(root, "node_modules", "fake-esm");
  mkdirSync(path.join(esm, "lib"), { recursive: true });
  writeFileSync(path.join(esm, "package.json"), JSON.stringify({ name: "fake-esm", version: "1.0.0", type: "module", exports: "./lib/index.js" }));
  writeFileSync(path.join(esm, "lib", "index.js"), 'import cjs from "fake-cjs";\nexport { greet } from "./greet.js";\nexport const shout = (s) => cjs.upper(s);\n');
  writeFileSync(path.join(esm, "lib", "greet.js"), "export const greet = (name) => `hello ${name}`;\n");
  const cjs = path.join(root, "node_modules", "fake-cjs");
  mkdirSync(cjs, { recursive: true });
  writeFileSync(path.join(cjs, "package.json"), JSON.stringify({ name: "fake-cjs", version: "1.0.0", main: "index.js" }));
  // A require() of Node's own module from inside the copy: it needs the copy's createRequire.
  writeFileSync(path.join(cjs, "index.js"), 'const { EOL } = require("node:os");\nexports.upper = (s) => s.toUpperCase() + EOL.trim();\n');
  // Installed a minute ago: a file written in the last seconds may still be changing, and is not recorded (below).
  for (const file of [esm, path.join(esm, "lib"), cjs].flatMap((d) => readdirSync(d).map((f) => path.join(d, f)))) settle(file, 60);
  return { root, dir: path.join(root, "copies"), greet: path.join(esm, "lib", "greet.js"), entry: path.join(esm, "lib", "index.js") };
}

/** Sets a file's mtime `seconds` into the past. */
const settle = (file: string, seconds: number) => utimesSync(file, new Date(), new Date(Date.now() - seconds * 1000));

/** What a module exports, and what `calls` return, as a fresh Node (not vitest's loader) imports it. */
function importInNode(file: string, calls = "") {
  const script = `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(JSON.stringify({ names: Object.keys(m).sort(), values: [${calls}] }));`;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }));
}

describe("oneFileCopy", () => {
  it("joins a package and what it imports into one file that does what the package does", () => {
    const { root, dir, entry } = project();
    const copy = oneFileCopy("fake-esm", { dir, from: root });
    expect(copy).toBeDefined();
    expect(path.dirname(copy as string)).toBe(dir);
    const calls = 'm.greet("copy"), m.shout("loud")';
    expect(importInNode(copy as string, calls)).toEqual(importInNode(entry, calls));
    expect(importInNode(copy as string, calls)).toEqual({ names: ["greet", "shout"], values: ["hello copy", "LOUD"] });
    // One file: nothing of the package is imported from node_modules at run time.
    expect(readFileSync(copy as string, "utf8")).not.toMatch(/from ["']\.\/greet\.js["']|from ["']fake-cjs["']/);
  });

  it("makes the copy once, and again (the old one removed) when a file it was made from changes", () => {
    const { root, dir, greet } = project();
    const first = oneFileCopy("fake-esm", { dir, from: root }) as string;
    const made = statSync(first).mtimeMs;
    expect(oneFileCopy("fake-esm", { dir, from: root })).toBe(first);
    expect(statSync(first).mtimeMs).toBe(made);

    // A patch applied to node_modules (patch-package, a hand edit): same package version, new code.
    writeFileSync(greet, "export const greet = (name) => `hi ${name}`;\n");
    settle(greet, 30);
    const second = oneFileCopy("fake-esm", { dir, from: root }) as string;
    expect(second).not.toBe(first);
    expect(existsSync(first)).toBe(false);
    expect(importInNode(second, 'm.greet("copy")').values).toEqual(["hi copy"]);
    expect(readdirSync(dir).sort()).toEqual(["fake-esm.json", path.basename(second)].sort());
  });

  it("does not record a copy made while a file it read may still have been changing", () => {
    const { root, dir, greet } = project();
    // Changed just now (npm still installing, a patch being applied): what esbuild read may not be what is there.
    writeFileSync(greet, "export const greet = (name) => `hi ${name}`;\n");
    expect(oneFileCopy("fake-esm", { dir, from: root })).toBeUndefined();
    expect(existsSync(path.join(dir, "fake-esm.json"))).toBe(false);
    settle(greet, 30);
    const copy = oneFileCopy("fake-esm", { dir, from: root }) as string;
    expect(importInNode(copy, 'm.greet("copy")').values).toEqual(["hi copy"]);
  });

  it("checks a copied project's own files, not those of the project it was copied from", () => {
    const { root, dir } = project();
    const first = oneFileCopy("fake-esm", { dir, from: root }) as string;
    const other = scratch();
    cpSync(root, other, { recursive: true, preserveTimestamps: true });
    const greet = path.join(other, "node_modules", "fake-esm", "lib", "greet.js");
    writeFileSync(greet, "export const greet = (name) => `hey ${name}`;\n");
    settle(greet, 30);
    const second = oneFileCopy("fake-esm", { dir: path.join(other, "copies"), from: other }) as string;
    expect(importInNode(second, 'm.greet("copy")').values).toEqual(["hey copy"]);
    expect(oneFileCopy("fake-esm", { dir, from: root })).toBe(first);
    expect(importInNode(first, 'm.greet("copy")').values).toEqual(["hello copy"]);
  });

  it("makes the copy again when it was cut short, or discarded after it did not load", () => {
    const { root, dir } = project();
    const first = oneFileCopy("fake-esm", { dir, from: root }) as string;
    const whole = readFileSync(first, "utf8");
    truncateSync(first, 10);
    expect(oneFileCopy("fake-esm", { dir, from: root })).toBe(first);
    expect(readFileSync(first, "utf8")).toBe(whole);
    // Damaged without a change of size: the loader that found it so discards it.
    writeFileSync(first, "x".repeat(whole.length));
    discardCopy("fake-esm", { dir });
    expect(oneFileCopy("fake-esm", { dir, from: root })).toBe(first);
    expect(readFileSync(first, "utf8")).toBe(whole);
  });

  it("removes a temporary file a killed run left, and leaves one another run may still be writing", () => {
    const { root, dir } = project();
    mkdirSync(dir);
    const abandoned = path.join(dir, "fake-esm.0123456789abcdef.mjs.a1b2c3.tmp");
    const fresh = path.join(dir, "fake-esm.json.d4e5f6.tmp");
    writeFileSync(abandoned, "half");
    settle(abandoned, 120);
    writeFileSync(fresh, "{");
    oneFileCopy("fake-esm", { dir, from: root });
    expect(existsSync(abandoned)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });

  it("is on unless PRODUCT_CLIENTS_REDOCLY_COPY says off, and refuses any other value", () => {
    expect(copiesWanted({})).toBe(true);
    expect(copiesWanted({ PRODUCT_CLIENTS_REDOCLY_COPY: "on" })).toBe(true);
    expect(copiesWanted({ PRODUCT_CLIENTS_REDOCLY_COPY: "off" })).toBe(false);
    expect(() => copiesWanted({ PRODUCT_CLIENTS_REDOCLY_COPY: "false" })).toThrow('PRODUCT_CLIENTS_REDOCLY_COPY must be "on" or "off", not "false"');
  });

  it("makes the copy again when it was deleted, or its record damaged", () => {
    const { root, dir } = project();
    const first = oneFileCopy("fake-esm", { dir, from: root }) as string;
    rmSync(first);
    expect(oneFileCopy("fake-esm", { dir, from: root })).toBe(first);
    expect(existsSync(first)).toBe(true);
    writeFileSync(path.join(dir, "fake-esm.json"), "{ not json");
    expect(oneFileCopy("fake-esm", { dir, from: root })).toBe(first);
    expect(JSON.parse(readFileSync(path.join(dir, "fake-esm.json"), "utf8")).copy).toBe(path.basename(first));
  });

  it("gives no copy, and throws nothing, for a package that is not installed or a folder it cannot write", () => {
    const { root, dir } = project();
    expect(oneFileCopy("not-installed", { dir, from: root })).toBeUndefined();
    const file = path.join(root, "a-file");
    writeFileSync(file, "");
    expect(oneFileCopy("fake-esm", { dir: path.join(file, "copies"), from: root })).toBeUndefined();
  });

  it("copies Redocly's openapi-core with every export of the package", () => {
    const dir = scratch();
    const copy = oneFileCopy("@redocly/openapi-core", { dir });
    expect(copy).toBeDefined();
    const fromPackage = execFileSync(process.execPath, ["--input-type=module", "-e", 'console.log(JSON.stringify(Object.keys(await import("@redocly/openapi-core")).sort()))'], { encoding: "utf8", cwd: repoRoot });
    expect(importInNode(copy as string).names).toEqual(JSON.parse(fromPackage));
    expect(JSON.parse(fromPackage)).toContain("bundle");
  });
});
