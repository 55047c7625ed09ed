import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: fileURLToPath(new URL("..", import.meta.url)),
    include: ["test/**/*.test.ts"],
    // Type tests (expectTypeOf, @ts-expect-error) run through tsc, not at run time: TypeScript 7's
    // native tsc (the typescript-7 alias), which checks the project in a quarter of 5.x's time.
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "tsconfig.json", checker: fileURLToPath(new URL("../node_modules/typescript-7/bin/tsc", import.meta.url)) },
    // CI reads the JSON report to print "N passed, M failed".
    reporters: ["default", ["json", { outputFile: ".test-results/vitest.json" }]],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
