import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

// README's "Testing your code" example, run as written: only the package's specifiers are pointed at the sources.
const root = new URL("../../../", import.meta.url);
const readme = readFileSync(new URL("README.md", root), "utf8");
const section = readme.slice(readme.indexOf("### Testing your code"));
const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
const specifiers: Array<[string, string]> = [
  ["product-clients/testing/solvapay", "generated/solvapay.testing.ts"],
  ["product-clients/testing", "src/testing/index.ts"],
  ["product-clients/solvapay", "generated/solvapay.client.ts"],
];
const source = specifiers.reduce((code, [from, to]) => code.replaceAll(`"${from}"`, JSON.stringify(fileURLToPath(new URL(to, root)))), example);

test("README has the example, importing only the package's entry points", () => {
  expect(example).toContain("createMock(solvapay)");
  expect(source).not.toMatch(/from "product-clients/);
});

// Its tests register in this file as it is imported.
const file = fileURLToPath(new URL("./.readme-example.ts", import.meta.url));
writeFileSync(file, source);
try {
  await import(file);
} finally {
  rmSync(file, { force: true });
}
