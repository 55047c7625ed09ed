// @ts-check
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { sha256 } from "../store/hash.js";

// The types stage, one unit at a time: a unit is a member of `paths`, of `webhooks` or of one of
// `components.<kind>`. A vendor refresh changes few of them, so each unit's printed text is cached
// and only the units whose input changed are transformed and printed again. openapi-typescript's
// transform of a unit reads, besides that unit's JSON and path: the options (fixed, and part of the
// cache folder's key), `ctx.discriminators` (scanned over the whole document: its hash is in every
// key) and whatever `ctx.resolve` returns (recorded with each entry and checked on a hit). What it
// adds to the file besides its member goes to `ctx.injectFooter`: with our options only members of
// `export interface operations` (operations with an operationId) and the `WithRequired` helper.
const load = createRequire(import.meta.url);
const ts = load("typescript");
const { NEVER, STRING, addJSDocComment, astToString, oapiRef, tsModifiers, tsPropertyIndex, tsRecord, tsWithRequired } = load("openapi-typescript/dist/lib/ts.cjs");
const { createRef, getEntries, resolveRef } = load("openapi-typescript/dist/lib/utils.cjs");
const { pascalCase } = load(load.resolve("change-case", { paths: [load.resolve("openapi-typescript/dist/transform/index.cjs")] }));
const pathItemObject = load("openapi-typescript/dist/transform/path-item-object.cjs");

/** openapi-typescript's transformers of `components.<kind>`, in the order it emits them (components-object.cjs). */
const COMPONENTS = {
  schemas: load("openapi-typescript/dist/transform/schema-object.cjs").default,
  responses: load("openapi-typescript/dist/transform/response-object.cjs"),
  parameters: load("openapi-typescript/dist/transform/parameter-object.cjs"),
  requestBodies: load("openapi-typescript/dist/transform/request-body-object.cjs"),
  headers: load("openapi-typescript/dist/transform/header-object.cjs"),
  pathItems: pathItemObject,
};
const STAGE = "types-unit";

/**
 * @typedef {{ root: "paths" | "webhooks" | "components", kind?: string, name: string, item: any }} Unit
 * @typedef {{ member: string, operations: string, footer: string[], refs: Array<[string, string]> }} Entry
 *   `member`: the unit's printed member; `operations`: its members of `operations`; `footer`: what it
 *   added to the footer, in order ("operations", "WithRequired"); `refs`: each $ref it resolved, with the hash of the result.
 */

/**
 * The transform's output, assembled from cached and freshly printed units: the same text as
 * `astToString(transformSchema(document, ctx))`. Undefined when the units cannot stand for the
 * whole (options other than ours, `$defs`, a footer we do not know, a throw): the caller then
 * transforms the document whole.
 * @param {Record<string, any>} document with its discriminators already scanned (the scan patches the document)
 * @param {any} baseCtx the whole-document ctx; each unit gets a copy with its own footer and a recording `resolve`
 * @param {import("../store/cache.js").Cache} cache
 * @returns {{ text: string, hits: number, misses: number, store: () => void } | undefined} `store` puts the missed units in the cache
 */
export function typesByUnit(document, baseCtx, cache) {
  if (!ownOptions(baseCtx) || document.$defs !== undefined) return undefined;
  const units = unitsOf(document, baseCtx);
  const discriminators = sha256(JSON.stringify(baseCtx.discriminators));
  /** @type {Map<string, string>} the hash of what each $ref resolves to in this document */
  const resolvedHashes = new Map();
  const resolvedHash = (/** @type {string} */ ref) => {
    let hash = resolvedHashes.get(ref);
    if (hash === undefined) {
      const target = resolveRef(document, ref, { silent: true });
      hash = target === undefined ? "-" : sha256(JSON.stringify(target));
      resolvedHashes.set(ref, hash);
    }
    return hash;
  };

  // Every unit is printed in one pass over a copy of the file's structure in which a cached unit is a
  // placeholder line and a missed one sits between two marker lines, so each is printed at its own
  // depth by the same printer call as the whole file would be. A marker is a member named with this
  // run's nonce, so no spec's text can look like one.
  const nonce = `__pc${randomBytes(6).toString("hex")}_`;
  const marker = (/** @type {string} */ name) => ts.factory.createPropertySignature(undefined, ts.factory.createIdentifier(`${nonce}${name}`), undefined, NEVER);
  /** @type {Map<string, any[]>} the members of each root or kind */
  const members = new Map([["paths", []], ["webhooks", []], ...Object.keys(COMPONENTS).map((kind) => /** @type {[string, any[]]} */ ([kind, []]))]);
  /** @type {any[]} the members of `operations` */
  const operations = [];
  /** @type {string[]} footer names in the order the whole transform would first add them */
  const footer = [];
  /** @type {Array<{ key: string, entry: Entry, fresh: boolean }>} */
  const results = [];
  let hits = 0;
  for (const [i, unit] of units.entries()) {
    // The member's JSON is hashed here once, rather than by both the cache's get and its set.
    const key = `${unit.root}\0${unit.kind ?? ""}\0${unit.name}\0${discriminators}\0${sha256(JSON.stringify(unit.item))}`;
    const list = /** @type {any[]} */ (members.get(unit.kind ?? unit.root));
    const stored = readEntry(cache.get(STAGE, key));
    if (stored && stored.refs.every(([ref, hash]) => resolvedHash(ref) === hash)) {
      hits++;
      results.push({ key, entry: stored, fresh: false });
      list.push(marker(`h${i}m`));
      if (stored.footer.includes("operations")) operations.push(marker(`h${i}o`));
      for (const name of stored.footer) if (!footer.includes(name)) footer.push(name);
      continue;
    }
    const made = transformUnit(unit, baseCtx, document);
    if (!made) return undefined;
    list.push(marker(`b${i}m`), made.member, marker(`e${i}m`));
    if (made.operations.length > 0) operations.push(marker(`b${i}o`), ...made.operations, marker(`e${i}o`));
    for (const name of made.footer) if (!footer.includes(name)) footer.push(name);
    // The texts are filled in from the print below, the hashes of what the refs resolve to when it is stored.
    results.push({ key, entry: { member: "", operations: "", footer: made.footer, refs: made.refs.map((ref) => [ref, ""]) }, fresh: true });
  }

  const text = assemble(astToString(skeleton(document, units, members, operations, footer)), nonce, results);
  if (text === undefined) return undefined;
  // Storing is left to the caller, which may send the text on first (a first GitHub run stores 2,000 entries).
  const store = () => {
    for (const { key, entry, fresh } of results) {
      if (!fresh) continue;
      for (const pair of entry.refs) pair[1] = resolvedHash(pair[0]);
      cache.set(STAGE, key, JSON.stringify(entry));
    }
  };
  return { text, hits, misses: units.length - hits, store };
}

/**
 * Whether the ctx has the options this module was written for (scripts/stages/type-options.js):
 * others add footers (enums, ReadonlyArray), hooks or other top-level shapes that it does not assemble.
 * @param {any} ctx
 */
function ownOptions(ctx) {
  const off = ["enum", "enumValues", "conditionalEnums", "dedupeEnums", "excludeDeprecated", "exportType", "immutable", "rootTypesNoSchemaPrefix", "rootTypesKeepCasing", "pathParamsAsTypes", "makePathsEnum", "generatePathParams", "readWriteMarkers", "inject", "transform", "transformProperty", "postTransform", "alphabetize"];
  return ctx.rootTypes === true && off.every((name) => !ctx[name]);
}

/**
 * The units in the order the whole transform visits them (index.cjs: paths, webhooks, components;
 * components-object.cjs: its kinds in COMPONENTS' order), so their `operations` members and footers come in that order too.
 * @param {Record<string, any>} document
 * @param {any} ctx
 * @returns {Unit[]}
 */
function unitsOf(document, ctx) {
  /** @type {Unit[]} */
  const units = [];
  const isObject = (/** @type {unknown} */ value) => Boolean(value) && typeof value === "object";
  if (isObject(document.paths)) {
    // paths-object.cjs skips a path item that is not an object.
    for (const [name, item] of getEntries(document.paths, ctx)) if (isObject(item)) units.push({ root: "paths", name, item });
  }
  if (isObject(document.webhooks)) for (const [name, item] of getEntries(document.webhooks, ctx)) units.push({ root: "webhooks", name, item });
  if (isObject(document.components)) {
    for (const kind of Object.keys(COMPONENTS)) {
      if (document.components[kind]) for (const [name, item] of getEntries(document.components[kind], ctx)) units.push({ root: "components", kind, name, item });
    }
  }
  return units;
}

/**
 * One unit through openapi-typescript's transformer, as its parent would call it (paths-object.cjs,
 * webhooks-object.cjs, components-object.cjs), with a footer of its own and a `resolve` that records
 * each $ref. Undefined if it throws or adds to the footer what we do not assemble.
 * @param {Unit} unit
 * @param {any} baseCtx
 * @param {Record<string, any>} document
 */
function transformUnit(unit, baseCtx, document) {
  /** @type {string[]} */
  const refs = [];
  const seen = new Set();
  const ctx = {
    ...baseCtx,
    injectFooter: [],
    /** @param {string} $ref */
    resolve($ref) {
      if (!seen.has($ref)) refs.push($ref), seen.add($ref);
      return resolveRef(document, $ref, { silent: true });
    },
  };
  const { root, kind, name, item } = unit;
  let property;
  try {
    if (root === "components") {
      const type = COMPONENTS[/** @type {keyof typeof COMPONENTS} */ (kind)](item, { path: createRef(["components", kind, name]), schema: item, ctx });
      property = ts.factory.createPropertySignature(tsModifiers({ readonly: false }), tsPropertyIndex(name), undefined, type);
      addJSDocComment(item, property);
    } else if (root === "paths" && "$ref" in item) {
      property = ts.factory.createPropertySignature(tsModifiers({ readonly: false }), tsPropertyIndex(name), undefined, oapiRef(item.$ref));
      addJSDocComment(item, property);
    } else {
      const type = pathItemObject(item, { path: createRef([root, name]), ctx });
      property = ts.factory.createPropertySignature(tsModifiers({ readonly: false }), tsPropertyIndex(name), undefined, type);
    }
  } catch {
    return undefined;
  }
  /** @type {string[]} */
  const footer = [];
  /** @type {any[]} */
  let operations = [];
  for (const node of ctx.injectFooter) {
    if (ts.isInterfaceDeclaration(node) && node.name.text === "operations") {
      footer.push("operations");
      operations = [...node.members];
    } else if (ts.isTypeAliasDeclaration(node) && node.name.escapedText === "WithRequired") footer.push("WithRequired");
    else return undefined;
  }
  return { member: property, operations, footer, refs };
}

/**
 * The file's statements as index.cjs and components-object.cjs make them, with `members` in place of
 * the units' own: interfaces for `paths`, `webhooks` and `components`, the `Schema<Name>` aliases,
 * `$defs`, then the footer.
 * @param {Record<string, any>} document
 * @param {Unit[]} units
 * @param {Map<string, any[]>} members
 * @param {any[]} operations
 * @param {string[]} footer
 */
function skeleton(document, units, members, operations, footer) {
  const exported = tsModifiers({ export: true });
  const empty = (/** @type {string} */ name) => ts.factory.createTypeAliasDeclaration(exported, name, undefined, tsRecord(STRING, NEVER));
  const statements = [];
  for (const root of ["paths", "webhooks"]) {
    const list = /** @type {any[]} */ (members.get(root));
    statements.push(list.length > 0 ? ts.factory.createInterfaceDeclaration(exported, root, undefined, undefined, list) : empty(root));
  }
  if (document.components && typeof document.components === "object") {
    const kinds = Object.keys(COMPONENTS).map((kind) => {
      const list = /** @type {any[]} */ (members.get(kind));
      return ts.factory.createPropertySignature(undefined, tsPropertyIndex(kind), undefined, list.length > 0 ? ts.factory.createTypeLiteralNode(list) : NEVER);
    });
    statements.push(ts.factory.createInterfaceDeclaration(exported, "components", undefined, undefined, kinds));
    // components-object.cjs's root types: `<Kind><Name>`, numbered from _2 on a clash.
    /** @type {Record<string, any>} */
    const aliases = {};
    for (const { kind, name } of units) {
      if (!kind) continue;
      const prefix = pascalCase(kind === "requestBodies" ? "requestBody" : kind.slice(0, -1));
      let alias = `${prefix}${pascalCase(name)}`;
      for (let n = 2; aliases[alias] !== undefined; n++) alias = `${prefix}${pascalCase(name)}_${n}`;
      aliases[alias] = ts.factory.createTypeAliasDeclaration(exported, alias, undefined, ts.factory.createTypeReferenceNode(`components['${kind}']['${name}']`));
    }
    statements.push(...Object.keys(aliases).map((alias) => aliases[alias]));
  } else statements.push(empty("components"));
  statements.push(empty("$defs"));
  for (const name of footer) {
    if (name === "operations") statements.push(ts.factory.createInterfaceDeclaration(exported, ts.factory.createIdentifier("operations"), undefined, undefined, operations));
    else statements.push(withRequiredHelper());
  }
  if (!footer.includes("operations")) statements.push(empty("operations"));
  return statements;
}

/** The `WithRequired` declaration, as ts.cjs's tsWithRequired adds it to the footer. */
function withRequiredHelper() {
  /** @type {any[]} */
  const added = [];
  tsWithRequired(NEVER, ["x"], added);
  return added[0];
}

/**
 * The printed file with each placeholder replaced by its cached text and the markers removed; the
 * missed units' texts are stored in their entries. Undefined if a marker is missing (not expected).
 * @param {string} printed
 * @param {string} nonce
 * @param {Array<{ key: string, entry: Entry, fresh: boolean }>} results
 * @returns {string | undefined}
 */
function assemble(printed, nonce, results) {
  const pieces = [];
  let at = 0;
  let found = 0;
  for (let i = printed.indexOf(nonce); i !== -1; i = printed.indexOf(nonce, i + nonce.length)) {
    const start = printed.lastIndexOf("\n", i) + 1;
    const end = printed.indexOf("\n", i) + 1;
    const name = printed.slice(i + nonce.length, printed.indexOf(":", i));
    const tag = name[0];
    const field = name.endsWith("o") ? "operations" : "member";
    const result = results[Number(name.slice(1, -1))];
    if (!result || end === 0) return undefined;
    const before = printed.slice(at, start);
    pieces.push(before);
    if (tag === "h") pieces.push(result.entry[field]);
    else if (tag === "e") result.entry[field] = before;
    at = end;
    found++;
  }
  pieces.push(printed.slice(at));
  const expected = results.reduce((n, { entry, fresh }) => n + (entry.footer.includes("operations") ? 2 : 1) * (fresh ? 2 : 1), 0);
  return found === expected ? pieces.join("") : undefined;
}

/**
 * A stored entry, or undefined if it is missing or not of this shape.
 * @param {string | undefined} stored
 * @returns {Entry | undefined}
 */
function readEntry(stored) {
  if (stored === undefined) return undefined;
  try {
    const entry = JSON.parse(stored);
    const strings = (/** @type {unknown} */ list) => Array.isArray(list) && list.every((x) => typeof x === "string");
    if (typeof entry.member === "string" && typeof entry.operations === "string" && strings(entry.footer) && Array.isArray(entry.refs) && entry.refs.every(strings)) return entry;
  } catch {}
  return undefined;
}
