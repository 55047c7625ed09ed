// @ts-check
import { TYPE_OPTIONS } from "../stages/type-options.js";
import { isDeepStrictEqual as deepEqual } from "node:util";
import { member } from "./json-path.js";
import { createSchemaViewer, hasKeys } from "./schema-view.js";

/**
 * @typedef {import("./resolve-ref.js").Node} Node
 * @typedef {import("./resolve-ref.js").RefResolver} RefResolver
 * @typedef {import("./schema-view.js").SchemaView} SchemaView
 * @typedef {import("./report.js").Change} Change
 * @typedef {import("./report.js").Severity} Severity
 *
 * Which side of the wire a schema is on: callers write requests, and read responses.
 * @typedef {"request" | "response"} Direction
 *
 * What a change does to the set of values a schema allows.
 * @typedef {"narrows" | "widens" | "changes"} Effect
 *
 * Nodes of the old document whose description or examples changed; counted, not listed.
 * @typedef {{ descriptions: Set<Node>, examples: Set<Node> }} Notes
 *
 * What comparing one pair of schemas found: its own changes, and the $ref pairs it leads to. `site`: per side,
 * whether a property's `default` makes it required in the generated type there (see defaultsRequire).
 * @typedef {{ old: boolean, new: boolean }} Site
 * @typedef {{ changes: Change[], edges: Edge[], site: Site }} Found
 * @typedef {{ pair: Pair, prefix: string }} Edge
 *
 * A pair of $ref targets compared in one direction, with its graph-walk bookkeeping.
 * @typedef {Found & {
 *   o: SchemaView, n: SchemaView, direction: Direction, computed: boolean,
 *   dirty: boolean | undefined, index: number, low: number, onStack: boolean, walk: number
 * }} Pair
 */

/**
 * A request that accepts fewer values breaks callers; a response that may hold more values
 * breaks readers. Anything else is non-breaking.
 * @param {Direction} direction @param {Effect} effect @returns {Severity}
 */
export function severityOf(direction, effect) {
  if (direction === "request") return effect === "widens" ? "non-breaking" : "breaking";
  return effect === "narrows" ? "non-breaking" : "breaking-response";
}

const UPPER_BOUNDS = ["maxLength", "maxItems", "maxProperties"];
const LOWER_BOUNDS = ["minLength", "minItems", "minProperties"];
const EXACT = ["pattern", "multipleOf"];
const LISTED_VALUES = 10;

/** @param {SchemaView} v */
export function typeName(v) {
  const names = v.types === null ? ["any"] : v.types.size === 0 && !v.nullable ? ["never"] : [...v.types].sort();
  if (v.nullable) names.push("null");
  return names.join(" | ");
}

/** @param {Set<string> | null} types @param {string} type */
const accepts = (types, type) => types === null || types.has(type) || (type === "integer" && types.has("number"));

/** @param {Set<string> | null} types @param {string} type */
const overlaps = (types, type) => accepts(types, type) || (type === "number" && types !== null && types.has("integer"));

/** @param {Node} node */
const examplesOf = (node) => (Array.isArray(node.examples) ? node.examples : node.example !== undefined ? [node.example] : []);

/** @param {unknown[]} values */
function listValues(values) {
  const shown = values.slice(0, LISTED_VALUES).map((v) => JSON.stringify(v));
  if (values.length > LISTED_VALUES) shown.push(`and ${values.length - LISTED_VALUES} more`);
  return shown.join(", ");
}

/** @param {unknown} value */
const valueKey = (value) => (typeof value === "string" ? `s${value}` : JSON.stringify(value));

/**
 * Lower/upper bound of a number schema, reading 3.0 boolean and 3.1 numeric exclusive bounds alike.
 * @param {Node} node @param {"maximum" | "minimum"} keyword
 * @returns {{ value: number, exclusive: boolean } | undefined}
 */
function numericBound(node, keyword) {
  const exclusiveKeyword = keyword === "maximum" ? "exclusiveMaximum" : "exclusiveMinimum";
  const exclusive = node[exclusiveKeyword];
  if (typeof exclusive === "number") return { value: exclusive, exclusive: true };
  if (typeof node[keyword] === "number") return { value: node[keyword], exclusive: exclusive === true };
  return undefined;
}

/**
 * Compares schemas of the old and new document.
 *
 * Each pair of $ref targets is compared once per direction, to its own changes plus edges to the
 * pairs it refers to. A comparison then walks those edges breadth-first, visiting each pair once
 * and skipping pairs from which no change can be reached: a shared schema costs one walk however
 * many operations use it, a change in it is reported once per use (at the first path found, fewest
 * $refs deep), and cycles end.
 *
 * @param {RefResolver} oldRefs @param {RefResolver} newRefs @param {Notes} notes
 */
export function createSchemaComparer(oldRefs, newRefs, notes) {
  const viewOld = createSchemaViewer(oldRefs);
  const viewNew = createSchemaViewer(newRefs);
  /** @type {Map<string, Pair>} */
  const pairs = new Map();
  let walks = 0;
  let discovered = 0;

  /**
   * @param {unknown} oldSchema @param {unknown} newSchema @param {Direction} direction
   * @returns {Change[]} changes with paths relative to the schema ("" is the schema itself)
   */
  function compareSchemas(oldSchema, newSchema, direction) {
    /** @type {Found} */
    const root = { changes: [], edges: [], site: { old: direction === "response", new: direction === "response" } };
    compare(oldSchema, newSchema, direction, "", root);
    const changes = root.changes;
    const walk = ++walks;
    /** @type {Edge[]} */
    const queue = [];
    for (const edge of root.edges) {
      if (edge.pair.walk === walk || !isDirty(edge.pair)) continue;
      edge.pair.walk = walk;
      queue.push(edge);
    }
    for (let i = 0; i < queue.length; i++) {
      const { pair, prefix } = /** @type {Edge} */ (queue[i]);
      // Where the change is written: one shared component reached from many places is one source.
      const ref = pair.n.key ?? pair.o.key;
      for (const c of pair.changes) changes.push({ ...c, path: prefix + c.path, ...(ref ? { source: { ref, path: c.path } } : {}) });
      for (const next of pair.edges) {
        if (next.pair.walk === walk || !isDirty(next.pair)) continue;
        next.pair.walk = walk;
        queue.push({ pair: next.pair, prefix: prefix + next.prefix });
      }
    }
    return changes;
  }

  /** @type {Map<SchemaView, string>} names for views that came from no $ref */
  const inline = new Map();
  /** @param {SchemaView} v */
  const keyOf = (v) => {
    if (v.key !== undefined) return v.key;
    let name = inline.get(v);
    if (name === undefined) inline.set(v, (name = `~${inline.size}`));
    return name;
  };

  /** @param {SchemaView} o @param {SchemaView} n @param {Direction} direction @param {Site} at @returns {Pair} */
  function pairOf(o, n, direction, at) {
    const key = `${direction} ${keyOf(o)} ${keyOf(n)}`;
    let pair = pairs.get(key);
    if (!pair) {
      const site = { old: o.key === undefined ? at.old : defaultsRequire(o.key), new: n.key === undefined ? at.new : defaultsRequire(n.key) };
      pair = { o, n, direction, changes: [], edges: [], site, computed: false, dirty: undefined, index: -1, low: -1, onStack: false, walk: 0 };
      pairs.set(key, pair);
    }
    return pair;
  }

  /** @param {Pair} pair */
  function ensureComputed(pair) {
    if (pair.computed) return;
    pair.computed = true;
    compareStructure(pair.o, pair.n, pair.direction, "", pair);
  }

  /**
   * Whether any change is reachable from the pair. Settles its whole strongly connected
   * component at once (Tarjan's algorithm, iterative so deep schema graphs cannot overflow the stack).
   * @param {Pair} start @returns {boolean}
   */
  function isDirty(start) {
    if (start.dirty !== undefined) return start.dirty;
    /** @type {Pair[]} */
    const stack = [];
    /** @type {{ pair: Pair, next: number }[]} */
    const frames = [];
    const enter = (/** @type {Pair} */ pair) => {
      ensureComputed(pair);
      pair.index = pair.low = discovered++;
      pair.onStack = true;
      stack.push(pair);
      frames.push({ pair, next: 0 });
    };
    enter(start);
    while (frames.length > 0) {
      const frame = /** @type {{ pair: Pair, next: number }} */ (frames.at(-1));
      const v = frame.pair;
      if (frame.next < v.edges.length) {
        const w = /** @type {Edge} */ (v.edges[frame.next++]).pair;
        if (w.dirty !== undefined) continue;
        if (w.index < 0) enter(w);
        else if (w.onStack) v.low = Math.min(v.low, w.index);
        continue;
      }
      frames.pop();
      const parent = frames.at(-1)?.pair;
      if (parent) parent.low = Math.min(parent.low, v.low);
      if (v.low !== v.index) continue;
      const component = stack.splice(stack.lastIndexOf(v));
      const dirty = component.some((p) => p.changes.length > 0 || p.edges.some((e) => e.pair.dirty === true));
      for (const p of component) {
        p.dirty = dirty;
        p.onStack = false;
      }
    }
    return start.dirty === true;
  }

  /**
   * @param {unknown} oldSchema @param {unknown} newSchema @param {Direction} direction
   * @param {string} path @param {Found} found
   */
  function compare(oldSchema, newSchema, direction, path, found) {
    const o = viewOld(oldSchema);
    const n = viewNew(newSchema);
    // A $ref to nothing: listed in the report as not compared, never guessed at.
    if (o.unresolved || n.unresolved) return;
    noteDocs(o.doc, n.doc);
    if (o.nullable && !n.nullable) {
      found.changes.push(change(direction, "narrows", "nullable-removed", path, "no longer nullable", typeName(o), typeName(n)));
    } else if (!o.nullable && n.nullable) {
      found.changes.push(change(direction, "widens", "made-nullable", path, "made nullable", typeName(o), typeName(n)));
    }
    // A $ref on either side makes a pair, compared once: a recursive schema on one side facing an
    // inline one (or recursion that does not line up) would otherwise be walked for ever.
    if (o.key !== undefined || n.key !== undefined) {
      found.edges.push({ pair: pairOf(o, n, direction, found.site), prefix: path });
    } else {
      compareStructure(o, n, direction, path, found);
    }
  }

  /**
   * @param {SchemaView} o @param {SchemaView} n @param {Direction} direction
   * @param {string} path @param {Found} found
   */
  function compareStructure(o, n, direction, path, found) {
    const types = compareTypes(o, n, direction);
    if (types) {
      found.changes.push({ ...types.change, path });
      if (types.disjoint) return;
    }
    for (const c of [...compareEnums(o, n, direction), ...compareConstraints(o.constraints, n.constraints, direction)]) {
      found.changes.push({ ...c, path });
    }
    // Properties that moved into (or out of) a union's variants are the union change, said once below.
    const unionChanged = !o.variants !== !n.variants;
    if ((hasKeys(o.properties) || hasKeys(n.properties)) && !unionChanged) compareProperties(o, n, direction, path, found);
    const [oOpen, nOpen] = [o.additionalProperties !== undefined, n.additionalProperties !== undefined];
    if (o.types?.has("object") && n.types?.has("object") && oOpen !== nOpen && !o.variants && !n.variants) found.changes.push(openness(nOpen, direction, path));
    if (o.items && n.items) compare(o.items, n.items, direction, `${path}[*]`, found);
    if (o.additionalProperties && n.additionalProperties) {
      compare(o.additionalProperties, n.additionalProperties, direction, `${path}.*`, found);
    }
    if (o.variants && n.variants) compareVariants(o.variants, n.variants, direction, path, found);
    else if (unionChanged) {
      const [kind, message] = n.variants ? ["became-union", `became a ${n.variants.keyword} of ${n.variants.schemas.length}`] : ["union-removed", `no longer a ${o.variants?.keyword}`];
      found.changes.push(change(direction, "changes", kind, path, message));
    }
  }

  /** @param {SchemaView} o @param {SchemaView} n @param {Direction} direction */
  function compareTypes(o, n, direction) {
    if (o.types === null && n.types === null) return undefined;
    const removed = o.types === null ? ["any"] : [...o.types].filter((t) => !accepts(n.types, t));
    const added = n.types === null ? ["any"] : [...n.types].filter((t) => !accepts(o.types, t));
    if (removed.length === 0 && added.length === 0) return undefined;
    /** @type {[Effect, string, string]} */
    const [effect, kind, message] =
      removed.length > 0 && added.length > 0 ? ["changes", "type-changed", "type changed"]
      : removed.length > 0 ? ["narrows", "type-narrowed", "type narrowed"]
      : ["widens", "type-widened", "type widened"];
    const disjoint = o.types !== null && n.types !== null && ![...o.types].some((t) => overlaps(n.types, t));
    return { change: change(direction, effect, kind, "", message, typeName(o), typeName(n)), disjoint };
  }

  /** @param {SchemaView} o @param {SchemaView} n @param {Direction} direction @returns {Change[]} */
  function compareEnums(o, n, direction) {
    if (!o.enum && !n.enum) return [];
    if (!n.enum) return [change(direction, "widens", "enum-removed", "", "no longer restricted to an enum")];
    if (!o.enum) return [change(direction, "narrows", "enum-added", "", `restricted to ${listValues(n.enum)}`)];
    const oldKeys = new Set(o.enum.map(valueKey));
    const newKeys = new Set(n.enum.map(valueKey));
    const removed = o.enum.filter((v) => !newKeys.has(valueKey(v)));
    const added = n.enum.filter((v) => !oldKeys.has(valueKey(v)));
    /** @type {Change[]} */
    const changes = [];
    if (removed.length > 0) {
      changes.push(change(direction, "narrows", "enum-value-removed", "", `enum values removed: ${listValues(removed)}`));
    }
    if (added.length > 0) {
      const why = direction === "response" ? " (breaks exhaustive switches)" : "";
      changes.push(change(direction, "widens", "enum-value-added", "", `enum values added: ${listValues(added)}${why}`));
    }
    return changes;
  }

  /**
   * Validation keywords do not change the generated types, so they only matter in requests,
   * where the server may now reject what it used to accept.
   * @param {Node} o @param {Node} n @param {Direction} direction @returns {Change[]}
   */
  function compareConstraints(o, n, direction) {
    /** @type {Change[]} */
    const changes = [];
    /** @param {Effect} effect @param {string} keyword @param {unknown} from @param {unknown} to */
    const push = (effect, keyword, from, to) => {
      const [kind, verb] = effect === "narrows" ? ["constraint-tightened", "tightened"] : effect === "widens" ? ["constraint-loosened", "loosened"] : ["constraint-changed", "changed"];
      const severity = direction === "request" ? severityOf(direction, effect) : "non-breaking";
      changes.push({ kind, severity, path: "", from: show(keyword, from), to: show(keyword, to), message: `${keyword} ${verb}` });
    };
    for (const keyword of UPPER_BOUNDS) {
      const [a, b] = [o[keyword], n[keyword]];
      if (a === b) continue;
      if (b !== undefined && (a === undefined || b < a)) push("narrows", keyword, a, b);
      else push("widens", keyword, a, b);
    }
    for (const keyword of LOWER_BOUNDS) {
      const [a, b] = [o[keyword] ?? 0, n[keyword] ?? 0];
      if (a !== b) push(b > a ? "narrows" : "widens", keyword, o[keyword], n[keyword]);
    }
    for (const [keyword, sign] of /** @type {const} */ ([["maximum", -1], ["minimum", 1]])) {
      const [a, b] = [numericBound(o, keyword), numericBound(n, keyword)];
      if (a?.value === b?.value && a?.exclusive === b?.exclusive) continue;
      const show = (/** @type {typeof a} */ x) => (x === undefined ? undefined : `${x.exclusive ? "exclusive " : ""}${x.value}`);
      const tighter = b !== undefined && (a === undefined || sign * (b.value - a.value) > 0 || (b.value === a.value && b.exclusive));
      push(tighter ? "narrows" : "widens", keyword, show(a), show(b));
    }
    // The generated types ignore format and the validators do not check it (int32 -> int64 alters neither).
    if (o.format !== n.format) {
      changes.push({ kind: "format-changed", severity: "non-breaking", path: "", from: show("format", o.format), to: show("format", n.format), message: "format changed" });
    }
    for (const keyword of EXACT) {
      const [a, b] = [o[keyword], n[keyword]];
      if (a === b) continue;
      // Multiples of 4 are all multiples of 2: a divisor of the old multipleOf loosens it.
      const divides = (/** @type {unknown} */ x, /** @type {unknown} */ y) => keyword === "multipleOf" && typeof x === "number" && typeof y === "number" && x > 0 && Number.isInteger(y / x);
      push(a === undefined ? "narrows" : b === undefined ? "widens" : divides(b, a) ? "widens" : divides(a, b) ? "narrows" : "changes", keyword, a, b);
    }
    return changes;
  }

  /**
   * @param {SchemaView} o @param {SchemaView} n @param {Direction} direction
   * @param {string} base @param {Found} found
   */
  function compareProperties(o, n, direction, base, found) {
    // readOnly properties are never sent and writeOnly ones never received.
    const hidden = direction === "request" ? "readOnly" : "writeOnly";
    /** @param {SchemaView} v @param {(s: unknown) => SchemaView} viewOf */
    const visible = (v, viewOf) => new Map(Object.entries(v.properties).filter(([, s]) => !viewOf(s)[hidden]));
    const before = visible(o, viewOld);
    const after = visible(n, viewNew);
    const changes = found.changes;
    const names = [...new Set([...before.keys(), ...after.keys()])].sort();
    for (const name of names) {
      const path = base + member(name);
      const [a, b] = [before.get(name), after.get(name)];
      const [wasRequired, isRequired] = [required(o, name, a, found.site.old), required(n, name, b, found.site.new)];
      // Said when only a default moved the property in or out of the generated type's required keys.
      const byDefault = wasRequired !== isRequired && o.required.has(name) === n.required.has(name) ? " in the generated type (a default)" : "";
      if (b === undefined) {
        changes.push({ kind: "property-removed", severity: severityOf(direction, "changes"), path, message: "property removed" });
      } else if (a === undefined) {
        if (direction === "request" && isRequired) {
          const why = n.required.has(name) ? "" : " (it has a default, so the generated type requires it)";
          changes.push({ kind: "required-property-added", severity: "breaking", path, message: `required property added${why}` });
        } else {
          const kind = direction === "request" ? "optional-property-added" : "property-added";
          changes.push({ kind, severity: "non-breaking", path, message: `${isRequired ? "" : "optional "}property added` });
        }
      } else {
        if (!wasRequired && isRequired) {
          changes.push({ kind: "property-made-required", severity: severityOf(direction, "narrows"), path, message: `property made required${byDefault}` });
        } else if (wasRequired && !isRequired) {
          changes.push({ kind: "property-made-optional", severity: severityOf(direction, "widens"), path, message: `property made optional${byDefault}` });
        }
        compare(a, b, direction, path, found);
      }
    }
  }

  /**
   * Variants are paired by identity, never by bare position: the same $ref (also as an allOf part), then the same
   * discriminator value or const, then the most similar structure (shared property names, or the same type).
   * @param {NonNullable<SchemaView["variants"]>} o @param {NonNullable<SchemaView["variants"]>} n
   * @param {Direction} direction @param {string} base @param {Found} found
   */
  function compareVariants(o, n, direction, base, found) {
    const changes = found.changes;
    const before = o.schemas.map((s) => identity(viewOld(s), viewOld));
    const after = n.schemas.map((s) => identity(viewNew(s), viewNew));
    /** @type {Map<number, number>} */
    const pairs = new Map();
    const taken = new Set();
    /** @param {(a: Identity, b: Identity) => number} score higher is closer; 0 is no match */
    const pairBy = (score) => {
      before.forEach((a, i) => {
        if (pairs.has(i)) return;
        let best = -1;
        let bestScore = 0;
        after.forEach((b, j) => {
          if (taken.has(j)) return;
          const value = score(a, b);
          if (value > bestScore) [best, bestScore] = [j, value];
        });
        if (best >= 0) {
          pairs.set(i, best);
          taken.add(best);
        }
      });
    };
    pairBy((a, b) => Number(a.ref !== undefined && a.ref === b.ref));
    pairBy((a, b) => Number(a.tags.some((t) => b.tags.includes(t))));
    pairBy(similarity);
    o.schemas.forEach((schema, i) => {
      const j = pairs.get(i);
      const path = `${base}.${o.keyword}[${i}]`;
      if (j === undefined) changes.push(change(direction, "narrows", "variant-removed", path, `${o.keyword} variant removed`, typeName(viewOld(schema))));
      else compare(schema, n.schemas[j], direction, path, found);
    });
    n.schemas.forEach((schema, j) => {
      if (!taken.has(j)) changes.push(change(direction, "widens", "variant-added", `${base}.${n.keyword}[${j}]`, `${n.keyword} variant added`, undefined, typeName(viewNew(schema))));
    });
  }

  /**
   * What names a variant: its $ref (or its allOf's first $ref part), the `name=value` of properties held to one
   * value (discriminators, consts), its property names and types.
   * @typedef {{ ref: string | undefined, tags: string[], names: Set<string>, type: string }} Identity
   * @param {SchemaView} v @param {(s: unknown) => SchemaView} viewOf @returns {Identity}
   */
  function identity(v, viewOf) {
    const parts = Array.isArray(v.constraints.allOf) ? v.constraints.allOf : [];
    const ref = v.key ?? parts.map((part) => (part && typeof part.$ref === "string" ? part.$ref : undefined)).find(Boolean);
    const tags = [];
    for (const [name, schema] of Object.entries(v.properties)) {
      const values = viewOf(schema).enum;
      if (values?.length === 1) tags.push(`${name}=${JSON.stringify(values[0])}`);
    }
    return { ref, tags, names: new Set(Object.keys(v.properties)), type: typeName(v) };
  }

  /** Shared property names over all (Jaccard), at least half; else 0.5 for the same non-object type. @param {Identity} a @param {Identity} b */
  function similarity(a, b) {
    if (a.names.size > 0 || b.names.size > 0) {
      const shared = [...a.names].filter((name) => b.names.has(name)).length;
      const ratio = shared / (a.names.size + b.names.size - shared);
      return ratio >= 0.5 ? ratio : 0;
    }
    return a.type === b.type ? 0.5 : 0;
  }

  /** @param {Node} a @param {Node} b */
  function noteDocs(a, b) {
    if (a.description !== b.description || a.title !== b.title) notes.descriptions.add(a);
    if (!deepEqual(examplesOf(a), examplesOf(b))) notes.examples.add(a);
  }

  return compareSchemas;
}

/** A bound or pattern as printed: numbers as numbers (`minimum 0`), strings quoted. @param {string} keyword @param {unknown} value */
const show = (keyword, value) => (value === undefined ? "none" : `${keyword} ${typeof value === "string" && !NUMERIC_BOUNDS.has(keyword) ? JSON.stringify(value) : String(value)}`);
const NUMERIC_BOUNDS = new Set(["maximum", "minimum"]);

/**
 * Whether the generated type requires a property: listed in `required`, or (under the generator's
 * `defaultNonNullable`) given a `default`, except where openapi-typescript does not apply that option.
 * @param {SchemaView} view @param {string} name @param {unknown} raw the property's schema as written (a sibling default counts, a default behind its $ref does not)
 * @param {boolean} defaultsCount
 */
function required(view, name, raw, defaultsCount) {
  if (view.required.has(name)) return true;
  return TYPE_OPTIONS.defaultNonNullable && defaultsCount && raw !== null && typeof raw === "object" && /** @type {Node} */ (raw).default !== undefined;
}

/**
 * openapi-typescript applies defaultNonNullable by the schema's location: not under parameters or request bodies.
 * @param {string} ref
 */
export const defaultsRequire = (ref) => !["parameters", "requestBody", "requestBodies"].some((word) => ref.includes(word));

/**
 * An object that starts or stops taking keys beyond its properties (its generated type gains or loses an
 * index signature). Closing breaks callers who send other keys, and readers who read them.
 * @param {boolean} nowOpen @param {Direction} direction @param {string} path @returns {Change}
 */
function openness(nowOpen, direction, path) {
  if (nowOpen) return { kind: "additional-properties-allowed", severity: "non-breaking", path, message: "now takes other properties" };
  return {
    kind: "additional-properties-closed",
    severity: direction === "request" ? "breaking" : "breaking-response",
    path,
    message: "no longer takes other properties",
  };
}

/**
 * @param {Direction} direction @param {Effect} effect @param {string} kind @param {string} path
 * @param {string} message @param {string} [from] @param {string} [to] @returns {Change}
 */
function change(direction, effect, kind, path, message, from, to) {
  /** @type {Change} */
  const result = { kind, severity: severityOf(direction, effect), path, message };
  if (from !== undefined) result.from = from;
  if (to !== undefined) result.to = to;
  return result;
}
