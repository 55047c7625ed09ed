// @ts-check
import { createHash } from "node:crypto";
import path from "node:path";
import { BaseResolver, Source, bundle, getLineColLocation, isGraphqlRef, isSupportedExtension } from "./redocly.js";
import { paths as selectPaths } from "jsonpath-rfc9535";
import parseJsonPath from "jsonpath-rfc9535/parser";
import { GenerateError } from "../report/errors.js";
import { escapeToken, hasExternalRefs } from "../report/json-pointer.js";
import { describeProblem, loadError, relative } from "../report/problems.js";
import { jsonAst } from "../report/json-ast.js";
import { parseJson } from "./parse-json.js";

/**
 * Loads an API's spec and bundles it with its overlays applied, through Redocly's own bundler
 * (the same code `redocly bundle` runs), after checking what Redocly lets pass silently.
 * @param {import("../config/apis.js").ApiEntry} api
 * @param {{ projectRoot: string, config: import("@redocly/openapi-core").Config }} context
 */
export default async function bundleStage(api, { projectRoot, config }) {
  const apiConfig = config.forAlias(api.alias);
  const resolver = new LocalResolver(apiConfig.resolve);
  const rootPath = path.resolve(projectRoot, api.root);
  const loaded = await resolver.resolveDocument(null, rootPath, true).catch((error) => {
    throw loadError(error, api.root, `spec of ${api.alias}`);
  });
  if (loaded instanceof Error) throw loadError(loaded, api.root, `spec of ${api.alias}`);
  assertObject(loaded.parsed, api.root);
  // JSON.parse builds a tree: no node is shared, so there is nothing to expand.
  if (!parsedAsJson.has(/** @type {object} */ (loaded.parsed))) assertNoAliasBomb(loaded.parsed, api.root);
  // A Swagger 2.0 document is converted first: overlays target, and the bundler reads, the conversion.
  // The converter is loaded only for such a document.
  const { document, notice } =
    /** @type {any} */ (loaded.parsed).swagger === "2.0" ? await (await import("./convert.js")).convertSwagger2(loaded, api.root) : { document: loaded, notice: undefined };
  assertOpenApi3(document.parsed, api.root);

  const overlayPaths = api.overlays.map((overlay) => path.resolve(projectRoot, overlay));
  /** @type {unknown} what the overlays' targets meet; undefined where it could not be made */
  let vendor = document.parsed;
  /** @type {OverlayActionRecord[]} */
  const overlayActions = [];
  if (overlayPaths.length > 0) {
    // Redocly applies overlays to the document with the other files it $refs inlined, so a spec written in several
    // files has its targets checked against that (bundled apart, by a resolver of its own: the bundler rewrites the
    // documents it reads). A spec in one file is the document itself.
    // Where that bundle fails (another file does not parse), the checks wait: the real bundle below reports why.
    vendor = hasExternalRefs(document.parsed) ? await bundledWithoutOverlays(document, apiConfig, resolver) : document.parsed;
    // Each action is checked against the document as the actions before it (in this and earlier overlays) left it,
    // on a copy (0.14 s for GitHub's spec, so not made without overlays).
    const working = vendor === undefined ? undefined : structuredClone(vendor);
    for (const [index, overlayPath] of working === undefined ? [] : overlayPaths.entries()) {
      const overlayFile = /** @type {string} */ (api.overlays[index]);
      const records = await assertOverlayTargetsMatch(resolver, overlayPath, overlayFile, working, api.root, vendor);
      overlayActions.push(...records.map((record) => ({ overlay: overlayFile, ...record })));
    }
  }

  // keepUrlRefs: an example's remote `externalValue` stays the URL the vendor wrote (see LocalResolver); a remote
  // `$ref` is still refused, since the bundler reports it unresolved before it looks at that option.
  const result = await bundle({ doc: document, config: apiConfig, externalRefResolver: resolver, overlays: overlayPaths, dereference: false, keepUrlRefs: true }).catch(
    (error) => {
      // Redocly names neither the file position nor the pointers of a $ref that leads back to itself.
      const cycle = /circular pointer/i.test(error.message) ? refCycleIn(document.parsed) : undefined;
      if (cycle) {
        const pointer = `${cycle[0]}/$ref`;
        throw new GenerateError(`$ref cycle with no schema in it: ${cycle.join(" -> ")}`, { file: api.root, ...(notice ? {} : positionOf(document.source, pointer)), pointer });
      }
      throw new GenerateError(`${api.alias}: bundling failed: ${error.message}`, { file: api.root });
    },
  );
  const errors = result.problems.filter((p) => p.severity === "error" && !p.ignored);
  if (errors.length > 0) {
    throw new GenerateError(`${api.alias} does not bundle`, {
      file: api.root,
      details: errors.map((p) => describeProblem(p, projectRoot, getLineColLocation)),
    });
  }
  // Not met with the same files, but never a silent skip: a target the checks did not see is no target checked.
  if (vendor === undefined) throw new GenerateError(`${api.alias}: the overlays' targets could not be checked (the spec without its overlays does not bundle)`, { file: api.root });
  const files = [...result.fileDependencies].map((file) => relative(projectRoot, file)).sort();
  return { bundled: result.bundle, apiConfig, resolver, files, notice, overlayActions };
}

/**
 * The document as Redocly's bundler makes it before it applies overlays: what an overlay's targets meet. Undefined
 * where it fails or has an error: the real bundle reports those.
 * @param {{ source: import("@redocly/openapi-core").Source, parsed: unknown }} document
 * @param {import("@redocly/openapi-core").Config} apiConfig
 * @param {LocalResolver} resolver the API's, whose notes of remote URLs this one shares
 */
async function bundledWithoutOverlays(document, apiConfig, resolver) {
  const own = new LocalResolver(apiConfig.resolve);
  own.remote = resolver.remote;
  const copy = { source: document.source, parsed: structuredClone(document.parsed) };
  // Redocly applies overlays between its bundler and its decorators (remove-x-internal, remove-unused-components):
  // the targets meet the document before any decorator, so this bundle runs none (a review: a decorator had removed
  // what a correct overlay aimed at).
  const config = Object.assign(Object.create(apiConfig), { getDecoratorSettings: () => ({ severity: "off" }) });
  const result = await bundle({ doc: copy, config, externalRefResolver: own, dereference: false, keepUrlRefs: true }).catch(() => undefined);
  return result && !result.problems.some((p) => p.severity === "error" && !p.ignored) ? result.bundle.parsed : undefined;
}

/**
 * Redocly's resolver, minus the network. A remote `$ref` would make generate's output depend on a
 * server (which `--check` could not see change, since only local files are hashed), send traffic from
 * a build, and put whatever the URL carries, tokens included, into the manifest. Redocly reports the
 * error at the `$ref`, with its line.
 */
/** Documents LocalResolver parsed with JSON.parse. */
const parsedAsJson = new WeakSet();

class LocalResolver extends BaseResolver {
  /** Remote URLs that the documents read so far give as an example's `externalValue`, and those they `$ref`. */
  remote = { examples: new Set(), refs: new Set() };

  /**
   * @override
   * @param {string} absoluteRef
   */
  async loadExternalRef(absoluteRef) {
    if (REMOTE.test(absoluteRef)) {
      // Redocly follows an Example's `externalValue` as if it were a $ref (to inline it). A URL there is valid
      // OpenAPI, and examples make no type or validator: it resolves, unread, to `null` (text that parses as JSON,
      // YAML or plain text alike, to a value: an undefined one is "Can't resolve"), and the bundle keeps the URL
      // (keepUrlRefs). The same URL as a $ref anywhere is refused like any remote $ref.
      if (this.remote.examples.has(absoluteRef) && !this.remote.refs.has(absoluteRef)) return new Source(absoluteRef, "null", "text/plain");
      throw new Error(`remote $ref to ${withoutSecrets(absoluteRef)}: generate reads local files only (save the document under specs/ and $ref it by path)`);
    }
    return super.loadExternalRef(absoluteRef);
  }

  /**
   * A JSON file is parsed by JSON.parse (scripts/stages/parse-json.js); anything else, or JSON it
   * cannot take as it is, by Redocly's YAML parser as before.
   * @override
   * @param {import("@redocly/openapi-core").Source} source
   * @param {boolean} [isRoot]
   */
  parseDocument(source, isRoot = false) {
    // Redocly parses only the root and files it takes for JSON or YAML; any other file stays its text, even if it is JSON.
    const parses = isRoot || isSupportedExtension(source.absoluteRef) || /(json|yaml|openapi)/.test(source.mimeType ?? "");
    const parsed = typeof source.body === "string" && parses && !isGraphqlRef(source.absoluteRef) ? parseJson(source.body) : undefined;
    if (parsed === undefined) return this.noteRemote(super.parseDocument(source, isRoot));
    if (parsed !== null && typeof parsed === "object") parsedAsJson.add(parsed);
    // Problems are located in this tree rather than in the one yaml-ast-parser would build of the whole file.
    source.getAst(() => /** @type {any} */ (jsonAst(source.body)));
    return this.noteRemote({ source, parsed });
  }

  /**
   * Notes the remote URLs a document gives as `externalValue` and as `$ref` (walked only if its text names an
   * `externalValue`: GitHub's spec does not).
   * @template {{ source: import("@redocly/openapi-core").Source, parsed: unknown }} D
   * @param {D} document
   * @returns {D}
   */
  noteRemote(document) {
    if (typeof document.source.body !== "string" || !document.source.body.includes("externalValue")) return document;
    // Each object once: YAML aliases share them, and an alias bomb is refused only after this (assertNoAliasBomb).
    const seen = new Set();
    const walk = (/** @type {unknown} */ node) => {
      if (node === null || typeof node !== "object" || seen.has(node)) return;
      seen.add(node);
      const { externalValue, $ref } = /** @type {Record<string, unknown>} */ (node);
      if (typeof externalValue === "string" && REMOTE.test(externalValue)) this.remote.examples.add(externalValue);
      if (typeof $ref === "string" && REMOTE.test($ref)) this.remote.refs.add($ref);
      for (const child of Object.values(node)) walk(child);
    };
    walk(document.parsed);
    return document;
  }
}

/** A URL with a scheme and an authority (http:, https:, file: and the rest): never read. */
const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * A chain of objects that are only a local `$ref`, each pointing at the next, back to the first:
 * `["#/components/schemas/A", "#/components/schemas/B", "#/components/schemas/A"]`.
 * @param {unknown} root
 * @returns {string[] | undefined}
 */
function refCycleIn(root) {
  /** @type {Map<string, string>} pointer of a pure-$ref object -> its target */
  const next = new Map();
  const walk = (/** @type {unknown} */ node, /** @type {string} */ pointer) => {
    if (node === null || typeof node !== "object") return;
    const keys = Object.keys(node);
    const ref = /** @type {Record<string, unknown>} */ (node).$ref;
    if (keys.length === 1 && typeof ref === "string" && ref.startsWith("#")) next.set(`#${pointer}`, ref);
    for (const key of keys) walk(/** @type {Record<string, unknown>} */ (node)[key], `${pointer}/${escapeToken(key)}`);
  };
  walk(root, "");
  for (const start of next.keys()) {
    const chain = [start];
    for (let at = next.get(start); at !== undefined; at = next.get(at)) {
      if (chain.includes(at)) return [...chain.slice(chain.indexOf(at)), at];
      chain.push(at);
    }
  }
  return undefined;
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

/** GitHub's 13 MB REST spec is 0.26 million nodes, 1.2 million with every $ref expanded; 200 million is no API description. */
const MAX_EXPANDED_NODES = 200_000_000;

/**
 * YAML aliases are parsed as shared objects, but everything after (bundling, JSON, types) expands
 * them: a few nested lines of anchors can stand for billions of nodes and take minutes and gigabytes
 * to fail. The expanded size is counted on the shared graph (each object once) before any of that.
 * @param {unknown} parsed
 * @param {string} file
 */
function assertNoAliasBomb(parsed, file) {
  /** @type {Map<object, number>} */
  const sizes = new Map();
  const sizeOf = (/** @type {unknown} */ node) => {
    if (node === null || typeof node !== "object") return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    sizes.set(node, 1); // a cycle counts once; $ref cycles are the bundler's to report
    let size = 1;
    for (const child of Object.values(node)) size = Math.min(size + sizeOf(child), Number.MAX_SAFE_INTEGER);
    sizes.set(node, size);
    return size;
  };
  const size = sizeOf(parsed);
  if (size > MAX_EXPANDED_NODES) {
    throw new GenerateError(`expands to about ${size.toExponential(1)} nodes through YAML aliases (more than ${MAX_EXPANDED_NODES.toExponential(0)}); is it an alias bomb?`, { file });
  }
}

/**
 * @param {unknown} parsed
 * @param {string} file
 */
function assertObject(parsed, file) {
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new GenerateError("not an OpenAPI document (expected a YAML or JSON object)", { file });
  }
}

/**
 * @param {any} parsed
 * @param {string} file
 */
function assertOpenApi3(parsed, file) {
  if (parsed.swagger) {
    throw new GenerateError(`is a Swagger ${parsed.swagger} document; product-clients reads Swagger 2.0 (which it converts), OpenAPI 3.0 and 3.1`, { file });
  }
  if (typeof parsed.openapi !== "string" || !/^3\.[01]\.\d+$/.test(parsed.openapi)) {
    throw new GenerateError(`unsupported \`openapi: ${parsed.openapi ?? "(missing)"}\`; product-clients reads OpenAPI 3.0 and 3.1`, { file });
  }
}

/**
 * Redocly applies an overlay action whose target matches nothing as a silent no-op. For us that is
 * a correction that stopped applying (usually after a vendor refresh), so it is an error. Each
 * target is matched against `target` as the earlier actions left it: the actions are applied to it
 * here, in order, the way Redocly's apply-overlay does (remove; update and copy merge objects,
 * append to arrays, replace primitives), so an action may aim at what an earlier one added, and an
 * action whose target an earlier one removed is caught.
 * @param {import("@redocly/openapi-core").BaseResolver} resolver
 * @param {string} overlayPath
 * @param {string} overlayFile project-relative
 * @param {unknown} target document, changed in place
 * @param {string} specFile
 * @param {unknown} vendor the vendor's document, untouched: what each action's target held before any overlay
 * @returns {Promise<Array<Omit<OverlayActionRecord, "overlay">>>}
 */
async function assertOverlayTargetsMatch(resolver, overlayPath, overlayFile, target, specFile, vendor) {
  const overlay = await resolver.resolveDocument(null, overlayPath, true).catch((error) => {
    throw loadError(error, overlayFile, "overlay");
  });
  if (overlay instanceof Error) throw loadError(overlay, overlayFile, "overlay");
  const actions = /** @type {any} */ (overlay.parsed)?.actions;
  if (!Array.isArray(actions)) throw new GenerateError("an overlay needs a list of `actions`", { file: overlayFile });
  const records = [];
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
    const unique = [...new Set(matches)];
    const value = valueOf(target, action);
    // Redundant: the document already holds everything the action sets, so applying it changes nothing.
    const redundant = action.remove !== true && value !== undefined && unique.every((p) => holds(nodeAt(target, keysOf(p)), value));
    records.push({
      action: index + 1,
      target: action.target,
      status: redundant ? /** @type {const} */ ("redundant") : /** @type {const} */ ("applied"),
      actionHash: shortHash(canonical({ target: action.target, remove: action.remove, update: action.update, copy: action.copy })),
      nodes: Object.fromEntries(unique.map((p) => [p, shortHash(canonical(replacedPart(nodeAt(vendor, keysOf(p)), action.remove === true ? undefined : value)))])),
    });
    applyAction(target, action, unique.map(keysOf));
  }
  return records;
}

/**
 * One overlay action as this generate found it. `nodes` hashes, per matched node, the vendor's value of the part the
 * action replaces (before any overlay), so the next generate can tell that the vendor changed it: a conflict.
 * @typedef {{ overlay: string, action: number, target: string, status: "applied" | "redundant", actionHash: string, nodes: Record<string, string> }} OverlayActionRecord
 */

/** @param {unknown} root @param {{ update?: unknown, copy?: string }} action */
function valueOf(root, action) {
  if (action.update !== undefined || typeof action.copy !== "string") return action.update;
  const sources = safePaths(root, action.copy);
  return sources.length === 1 ? nodeAt(root, keysOf(/** @type {string} */ (sources[0]))) : undefined;
}

/**
 * Whether `node` already has what merging `value` into it (as applyAction does) would set: every key, and
 * every item an array would be extended with.
 * @param {unknown} node
 * @param {unknown} value
 * @returns {boolean}
 */
function holds(node, value) {
  if (Array.isArray(node)) return (Array.isArray(value) ? value : [value]).every((item) => node.some((existing) => canonical(existing) === canonical(item)));
  if (isObject(node) && isObject(value)) return Object.entries(value).every(([key, source]) => Object.hasOwn(node, key) && holds(node[key], source));
  return canonical(node) === canonical(value);
}

/**
 * The part of `node` an action replaces: all of it for a removal, an array it extends or a value it overwrites;
 * for an object merge only the keys it sets (what the vendor does elsewhere in the node is no conflict).
 * @param {unknown} node
 * @param {unknown} value undefined for a removal
 * @returns {unknown}
 */
function replacedPart(node, value) {
  if (value === undefined || !isObject(node) || !isObject(value)) return node === undefined ? null : node;
  return Object.fromEntries(Object.entries(value).map(([key, source]) => [key, replacedPart(node[key], source)]));
}

/** JSON with sorted keys, so a vendor reordering keys changes no hash. @param {unknown} value @returns {string} */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

/** @param {string} text */
function shortHash(text) {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/**
 * @param {unknown} root
 * @param {{ remove?: boolean, update?: unknown, copy?: string }} action
 * @param {Array<Array<string | number>>} targets
 */
function applyAction(root, action, targets) {
  if (action.remove === true) {
    // Array items from the highest index down, so one removal does not shift the next.
    const index = (/** @type {Array<string | number>} */ keys) => (typeof keys.at(-1) === "number" ? /** @type {number} */ (keys.at(-1)) : -1);
    for (const keys of [...targets].sort((a, b) => index(b) - index(a))) {
      const parent = nodeAt(root, keys.slice(0, -1));
      if (Array.isArray(parent)) parent.splice(/** @type {number} */ (keys.at(-1)), 1);
      else if (parent && typeof parent === "object") delete parent[/** @type {string} */ (keys.at(-1))];
    }
    return;
  }
  const value = valueOf(root, action);
  if (value === undefined) return;
  for (const keys of targets) {
    const node = nodeAt(root, keys);
    if (Array.isArray(node)) node.push(...structuredClone(Array.isArray(value) ? value : [value]));
    else if (isObject(node) && isObject(value)) mergeInto(node, value);
    else if (keys.length > 0) nodeAt(root, keys.slice(0, -1))[/** @type {any} */ (keys.at(-1))] = structuredClone(value);
  }
}

/**
 * @param {Record<string, unknown>} node
 * @param {Record<string, unknown>} value
 */
function mergeInto(node, value) {
  for (const [key, source] of Object.entries(value)) {
    const existing = node[key];
    if (isObject(existing) && isObject(source)) mergeInto(existing, source);
    else if (Array.isArray(existing) && Array.isArray(source)) node[key] = [...existing, ...structuredClone(source)];
    else node[key] = structuredClone(source);
  }
}

/** @returns {value is Record<string, unknown>} */
function isObject(/** @type {unknown} */ value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** @param {unknown} root @param {Array<string | number>} keys @returns {any} */
function nodeAt(root, keys) {
  return keys.reduce((/** @type {any} */ node, key) => node?.[key], root);
}

/** @param {unknown} root @param {string} expression */
function safePaths(root, expression) {
  try {
    return selectPaths(/** @type {any} */ (root), expression);
  } catch {
    return [];
  }
}

/**
 * The keys of a normalized path (`$['paths']['/a'][0]` -> `["paths", "/a", 0]`), unescaped by the
 * library's own parser, as Redocly's apply-overlay reads them.
 * @param {string} normalized
 * @returns {Array<string | number>}
 */
function keysOf(normalized) {
  return /** @type {any} */ (parseJsonPath(normalized)).segments.flatMap((/** @type {any} */ { node }) =>
    node.type === "BracketedSelection"
      ? node.selectors.filter((/** @type {any} */ s) => s.type === "NameSelector" || s.type === "IndexSelector").map((/** @type {any} */ s) => s.value)
      : [],
  );
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
