// @ts-check
import path from "node:path";
import { BaseResolver, bundle, getLineColLocation } from "@redocly/openapi-core";
import { paths as selectPaths } from "jsonpath-rfc9535";
import { GenerateError } from "../lib/errors.js";
import { describeProblem, loadError, relative } from "../lib/problems.js";

/**
 * Loads an API's spec and bundles it with its overlays applied, through Redocly's own bundler
 * (the same code `redocly bundle` runs), after checking what Redocly lets pass silently.
 * @param {import("../lib/apis.js").ApiEntry} api
 * @param {{ projectRoot: string, config: import("@redocly/openapi-core").Config }} context
 */
export default async function bundleStage(api, { projectRoot, config }) {
  const apiConfig = config.forAlias(api.alias);
  const resolver = new LocalResolver(apiConfig.resolve);
  const rootPath = path.resolve(projectRoot, api.root);
  const document = await resolver.resolveDocument(null, rootPath, true).catch((error) => {
    throw loadError(error, api.root, `spec of ${api.alias}`);
  });
  if (document instanceof Error) throw loadError(document, api.root, `spec of ${api.alias}`);
  assertOpenApi3(document.parsed, api.root);

  const overlayPaths = api.overlays.map((overlay) => path.resolve(projectRoot, overlay));
  for (const [index, overlayPath] of overlayPaths.entries()) {
    await assertOverlayTargetsMatch(resolver, overlayPath, /** @type {string} */ (api.overlays[index]), document.parsed, api.root);
  }

  const result = await bundle({ doc: document, config: apiConfig, externalRefResolver: resolver, overlays: overlayPaths, dereference: false }).catch(
    (error) => {
      throw new GenerateError(`bundling failed: ${error.message}`, { file: api.root });
    },
  );
  const errors = result.problems.filter((p) => p.severity === "error" && !p.ignored);
  if (errors.length > 0) {
    throw new GenerateError(`${api.alias} does not bundle`, {
      file: api.root,
      details: errors.map((p) => describeProblem(p, projectRoot, getLineColLocation)),
    });
  }
  const files = [...result.fileDependencies].map((file) => relative(projectRoot, file)).sort();
  return { bundled: result.bundle, apiConfig, resolver, files };
}

/**
 * Redocly's resolver, minus the network. A remote `$ref` would make generate's output depend on a
 * server (which `--check` could not see change, since only local files are hashed), send traffic from
 * a build, and put whatever the URL carries, tokens included, into the manifest. Redocly reports the
 * error at the `$ref`, with its line.
 */
class LocalResolver extends BaseResolver {
  /**
   * @override
   * @param {string} absoluteRef
   */
  async loadExternalRef(absoluteRef) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(absoluteRef)) {
      throw new Error(`remote $ref to ${withoutSecrets(absoluteRef)}: generate reads local files only (save the document under specs/ and $ref it by path)`);
    }
    return super.loadExternalRef(absoluteRef);
  }
}

/** A URL as it may be printed: no user, password, query or fragment. */
function withoutSecrets(/** @type {string} */ url) {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.search || parsed.hash ? " (query and fragment not shown)" : ""}`;
  } catch {
    return "a URL";
  }
}

/**
 * @param {any} parsed
 * @param {string} file
 */
function assertOpenApi3(parsed, file) {
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new GenerateError("not an OpenAPI document (expected a YAML or JSON object)", { file });
  }
  if (parsed.swagger) {
    throw new GenerateError(`is a Swagger ${parsed.swagger} document; product-clients reads OpenAPI 3.0 and 3.1 (convert it first, e.g. with swagger2openapi)`, {
      file,
    });
  }
  if (typeof parsed.openapi !== "string" || !/^3\.[01]\.\d+$/.test(parsed.openapi)) {
    throw new GenerateError(`unsupported \`openapi: ${parsed.openapi ?? "(missing)"}\`; product-clients reads OpenAPI 3.0 and 3.1`, { file });
  }
}

/**
 * Redocly applies an overlay action whose target matches nothing as a silent no-op. For us that is
 * a correction that stopped applying (usually after a vendor refresh), so it is an error.
 * Targets are matched against the vendor document before any action runs.
 * @param {BaseResolver} resolver
 * @param {string} overlayPath
 * @param {string} overlayFile project-relative
 * @param {unknown} target document
 * @param {string} specFile
 */
async function assertOverlayTargetsMatch(resolver, overlayPath, overlayFile, target, specFile) {
  const overlay = await resolver.resolveDocument(null, overlayPath, true).catch((error) => {
    throw loadError(error, overlayFile, "overlay");
  });
  if (overlay instanceof Error) throw loadError(overlay, overlayFile, "overlay");
  const actions = /** @type {any} */ (overlay.parsed)?.actions;
  if (!Array.isArray(actions)) throw new GenerateError("an overlay needs a list of `actions`", { file: overlayFile });
  for (const [index, action] of actions.entries()) {
    const where = positionOf(overlay.source, `#/actions/${index}/target`);
    if (typeof action?.target !== "string") throw new GenerateError(`action ${index + 1} has no \`target\``, { file: overlayFile, ...where });
    let matches;
    try {
      matches = selectPaths(/** @type {any} */ (target), action.target);
    } catch (error) {
      throw new GenerateError(`action ${index + 1}: invalid JSONPath ${action.target}: ${/** @type {Error} */ (error).message}`, { file: overlayFile, ...where });
    }
    if (matches.length === 0) {
      throw new GenerateError(`action ${index + 1}: target ${action.target} matches nothing in ${specFile}`, { file: overlayFile, ...where });
    }
  }
}

/**
 * @param {import("@redocly/openapi-core").Source} source
 * @param {string} pointer
 */
function positionOf(source, pointer) {
  try {
    const { start } = /** @type {{ start: { line: number, col: number } }} */ (getLineColLocation({ source, pointer, reportOnKey: false }));
    return { line: start.line, col: start.col };
  } catch {
    return {};
  }
}
