// @ts-check
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * Type-checks the hand-written facade (src/) and tests (test/) against freshly generated types,
 * so a vendor change that breaks them is reported by generate itself, file:line, not later by an
 * app team. Returns no lines when the project has no src/ or everything compiles.
 * @param {string} projectRoot
 * @returns {string[]}
 */
export function typecheckFacade(projectRoot) {
  const configFile = path.join(projectRoot, "tsconfig.json");
  if (!existsSync(path.join(projectRoot, "src")) || !existsSync(configFile)) return [];
  /** @type {typeof import("typescript")} */
  const ts = createRequire(import.meta.url)("typescript");
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) return [`tsconfig.json: ${ts.flattenDiagnosticMessageText(error.messageText, "\n")}`];
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, projectRoot);
  const inScope = (/** @type {string} */ file) => ["src", "test"].some((dir) => path.resolve(file).startsWith(path.join(projectRoot, dir) + path.sep));
  const program = ts.createProgram(parsed.fileNames.filter(inScope), { ...parsed.options, noEmit: true });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && inScope(d.file.fileName))
    .map((d) => {
      const file = /** @type {import("typescript").SourceFile} */ (d.file);
      const { line, character } = file.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${path.relative(projectRoot, file.fileName)}:${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
}
