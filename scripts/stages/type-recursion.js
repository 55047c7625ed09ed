// @ts-check
import { createRequire } from "node:module";
import { keysOf } from "../report/json-pointer.js";

const SCHEMA_REF = "#/components/schemas/";

/**
 * The component schemas whose own type reaches itself through an array, with no object type between: a
 * JSON value (`oneOf: [string, number, { type: array, items: { $ref: Value } }]`, vercel.com's
 * EdgeConfigItemValue). openapi-typescript prints `Value: string | components["schemas"]["Value"][];` in
 * the `components` interface, and tsc rejects a member whose type needs itself to be known (TS2502;
 * openapi-typescript issue #1603). Inside an object type (`properties`, `additionalProperties`) the
 * reference waits, so only `allOf`, `anyOf`, `oneOf`, `items`, `prefixItems` and a `$ref` itself are
 * followed. A cycle with no array in it (`A: oneOf [B]`, `B: allOf [A]`) is a type made of itself, which
 * no alias can express: it is left for the compile check to report.
 * @param {Record<string, any>} document
 * @returns {string[]} names, in `components.schemas` order
 */
export function recursiveSchemas(document) {
  const schemas = document?.components?.schemas;
  if (!schemas || typeof schemas !== "object") return [];
  /** @type {Map<string, Map<string, boolean>>} name -> names it reaches -> whether through an array */
  const edges = new Map();
  for (const [name, schema] of Object.entries(schemas)) {
    /** @type {Map<string, boolean>} */
    const out = new Map();
    const visit = (/** @type {unknown} */ node, /** @type {boolean} */ viaArray) => {
      if (node === null || typeof node !== "object") return;
      if (Array.isArray(node)) {
        for (const item of node) visit(item, viaArray);
        return;
      }
      const { $ref } = /** @type {Record<string, unknown>} */ (node);
      if (typeof $ref === "string") {
        const keys = $ref.startsWith(SCHEMA_REF) ? keysOf($ref) : undefined;
        if (keys?.length === 3 && Object.hasOwn(schemas, /** @type {string} */ (keys[2]))) {
          const target = /** @type {string} */ (keys[2]);
          out.set(target, (out.get(target) ?? false) || viaArray);
        }
        return;
      }
      const { allOf, anyOf, oneOf, items, prefixItems } = /** @type {Record<string, unknown>} */ (node);
      for (const member of [allOf, anyOf, oneOf]) visit(member, viaArray);
      visit(items, true);
      visit(prefixItems, true);
    };
    visit(schema, false);
    if (out.size > 0) edges.set(name, out);
  }
  const recursive = new Set();
  for (const component of stronglyConnected(edges)) {
    const cyclic = component.length > 1 || edges.get(/** @type {string} */ (component[0]))?.has(/** @type {string} */ (component[0]));
    const members = new Set(component);
    const throughArray = component.some((name) => [...(edges.get(name) ?? [])].some(([target, viaArray]) => viaArray && members.has(target)));
    if (cyclic && throughArray) for (const name of component) recursive.add(name);
  }
  return Object.keys(schemas).filter((name) => recursive.has(name));
}

/**
 * Tarjan's strongly connected components of the graph, iteratively (a long chain of `$ref`s must not
 * exhaust the stack).
 * @param {Map<string, Map<string, boolean>>} edges
 * @returns {string[][]}
 */
function stronglyConnected(edges) {
  /** @type {Map<string, { index: number, low: number, onStack: boolean }>} */
  const state = new Map();
  /** @type {string[]} */
  const stack = [];
  /** @type {string[][]} */
  const components = [];
  let next = 0;
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    /** @type {Array<{ name: string, targets: Iterator<string> }>} */
    const frames = [];
    const enter = (/** @type {string} */ name) => {
      state.set(name, { index: next, low: next, onStack: true });
      next++;
      stack.push(name);
      frames.push({ name, targets: (edges.get(name) ?? new Map()).keys() });
    };
    enter(start);
    while (frames.length > 0) {
      const frame = /** @type {{ name: string, targets: Iterator<string> }} */ (frames[frames.length - 1]);
      const own = /** @type {{ index: number, low: number, onStack: boolean }} */ (state.get(frame.name));
      const step = frame.targets.next();
      if (!step.done) {
        const seen = state.get(step.value);
        if (!seen) enter(step.value);
        else if (seen.onStack) own.low = Math.min(own.low, seen.index);
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) {
        const above = /** @type {{ index: number, low: number, onStack: boolean }} */ (state.get(parent.name));
        above.low = Math.min(above.low, own.low);
      }
      if (own.low === own.index) {
        /** @type {string[]} */
        const component = [];
        let name;
        do {
          name = /** @type {string} */ (stack.pop());
          /** @type {{ onStack: boolean }} */ (state.get(name)).onStack = false;
          component.push(name);
        } while (name !== frame.name);
        components.push(component);
      }
    }
  }
  return components;
}

/**
 * The types with each of `names`' members of `components.schemas` moved to a type alias of the file's
 * own (`Value: RecursiveSchema0;` and `type RecursiveSchema0 = string | RecursiveSchema0[];`), where tsc
 * lets a type refer to itself through an array; the member means the same type. References between the
 * moved members name the aliases. TypeScript parses the file only when there is something to move.
 * @param {string} text openapi-typescript's output
 * @param {string[]} names from recursiveSchemas
 */
export function hoistRecursiveSchemas(text, names) {
  if (names.length === 0) return text;
  const ts = /** @type {typeof import("typescript")} */ (createRequire(import.meta.url)("typescript"));
  const file = ts.createSourceFile("types.ts", text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const components = file.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === "components");
  const schemas = components && ts.isInterfaceDeclaration(components) ? components.members.find((m) => m.name && ts.isIdentifier(m.name) && m.name.text === "schemas") : undefined;
  if (!schemas || !ts.isPropertySignature(schemas) || !schemas.type || !ts.isTypeLiteralNode(schemas.type)) return text;
  const wanted = new Set(names);
  /** @type {Array<{ name: string, alias: string, start: number, end: number }>} */
  const moved = [];
  // Top-level names the file declares (paths, components, operations, the Schema<Name> aliases, helpers).
  const taken = new Set(file.statements.flatMap((s) => ("name" in s && s.name && ts.isIdentifier(/** @type {any} */ (s.name)) ? [/** @type {any} */ (s.name).text] : [])));
  for (const member of schemas.type.members) {
    if (!ts.isPropertySignature(member) || !member.type || !member.name || !(ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) continue;
    if (!wanted.has(member.name.text)) continue;
    let alias = `RecursiveSchema${moved.length}`;
    while (taken.has(alias)) alias = `_${alias}`;
    moved.push({ name: member.name.text, alias, start: member.type.getStart(file), end: member.type.end });
  }
  if (moved.length === 0) return text;
  const refer = (/** @type {string} */ typeText) =>
    moved.reduce((result, { name, alias }) => result.split(`components["schemas"][${JSON.stringify(name)}]`).join(alias), typeText);
  const aliases = moved.map(({ alias, start, end }) => `type ${alias} = ${refer(text.slice(start, end))};\n`);
  let result = text;
  for (const { alias, start, end } of [...moved].reverse()) result = `${result.slice(0, start)}${alias}${result.slice(end)}`;
  return `${result}${result.endsWith("\n") ? "" : "\n"}${aliases.join("")}`;
}
