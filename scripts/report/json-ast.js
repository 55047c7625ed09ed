// @ts-check

// Node kinds, numbered as yaml-ast-parser numbers them: Redocly's getAstNodeByPointer reads them.
const SCALAR = 0;
const MAPPING = 1;
const MAP = 2;
const SEQ = 3;

/**
 * @typedef {{ kind: number, startPosition: number, endPosition: number, parent: AstNode | undefined, value?: string, key?: AstNode, mappings?: AstNode[], items?: AstNode[] }} AstNode
 */

/**
 * The syntax tree Redocly locates problems in (`Source.getAst`), for a document JSON.parse read: the
 * shape and positions yaml-ast-parser gives JSON, built lazily, so only the objects and arrays a
 * pointer passes through are read. yaml-ast-parser builds every node of the file: 0.5 s for GitHub's
 * 13 MB spec, to locate its 2,000 advisory lint findings.
 * @param {string} text JSON (scripts/stages/parse-json.js accepted it)
 * @returns {AstNode}
 */
export function jsonAst(text) {
  /** @type {Map<number, number> | undefined} */
  let ends;
  const scope = { text, ends: () => (ends ??= containerEnds(text)) };
  // yaml-ast-parser's document node runs to the end of the text.
  return nodeAt(scope, skipSpace(text, 0), text.length, undefined);
}

/**
 * @typedef {{ text: string, ends: () => Map<number, number> }} Scope the text, and where its larger objects and arrays end
 */

/** Objects and arrays at least this long (in characters) have their end looked up rather than scanned for. */
const LOOKED_UP = 256;

/**
 * Where each object or array of `LOOKED_UP` characters or more ends, by where it starts, from one pass over
 * the text. Scanning for each member's end as an object is read goes over a nested member once per level
 * above it: GitHub's 2,131 findings took 275-291 ms so, and 73-96 ms with this (the pass included).
 * @param {string} text
 */
function containerEnds(text) {
  /** @type {Map<number, number>} */
  const ends = new Map();
  /** @type {number[]} */
  const open = [];
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) j = stringEnd(text, j) - 1;
    else if (c === 0x7b || c === 0x5b) open.push(j);
    else if (c === 0x7d || c === 0x5d) {
      const start = /** @type {number} */ (open.pop());
      if (j + 1 - start >= LOOKED_UP) ends.set(start, j + 1);
    }
  }
  return ends;
}

/**
 * @param {Scope} scope
 * @param {number} start
 * @param {number} end
 * @param {AstNode | undefined} parent
 * @returns {AstNode}
 */
function nodeAt(scope, start, end, parent) {
  const { text } = scope;
  const c = text.charCodeAt(start);
  if (c === 0x7b /* { */) {
    /** @type {AstNode[] | undefined} */
    let mappings;
    const node = {
      kind: MAP,
      startPosition: start,
      endPosition: end,
      parent,
      /** @returns {AstNode[]} */
      get mappings() {
        return (mappings ??= mappingsOf(scope, start, node));
      },
    };
    return node;
  }
  if (c === 0x5b /* [ */) {
    /** @type {AstNode[] | undefined} */
    let items;
    const node = {
      kind: SEQ,
      startPosition: start,
      endPosition: end,
      parent,
      /** @returns {AstNode[]} */
      get items() {
        return (items ??= itemsOf(scope, start, node));
      },
    };
    return node;
  }
  return { kind: SCALAR, startPosition: start, endPosition: end, parent, value: text.slice(start, end) };
}

/**
 * @param {Scope} scope
 * @param {number} start the object's `{`
 * @param {AstNode} map
 */
function mappingsOf(scope, start, map) {
  const { text } = scope;
  /** @type {AstNode[]} */
  const mappings = [];
  let i = skipSpace(text, start + 1);
  while (text.charCodeAt(i) === 0x22 /* " */) {
    const keyEnd = stringEnd(text, i);
    const raw = text.slice(i + 1, keyEnd - 1);
    const valueStart = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const end = valueEnd(scope, valueStart);
    /** @type {AstNode} */
    const mapping = { kind: MAPPING, startPosition: i, endPosition: end, parent: map };
    mapping.key = { kind: SCALAR, startPosition: i, endPosition: keyEnd, parent: mapping, value: raw.includes("\\") ? JSON.parse(`"${raw}"`) : raw };
    mapping.value = /** @type {any} */ (nodeAt(scope, valueStart, end, mapping));
    mappings.push(mapping);
    i = skipSpace(text, end);
    if (text.charCodeAt(i) === 0x2c /* , */) i = skipSpace(text, i + 1);
  }
  return mappings;
}

/**
 * @param {Scope} scope
 * @param {number} start the array's `[`
 * @param {AstNode} seq
 */
function itemsOf(scope, start, seq) {
  const { text } = scope;
  /** @type {AstNode[]} */
  const items = [];
  let i = skipSpace(text, start + 1);
  while (text.charCodeAt(i) !== 0x5d /* ] */) {
    const end = valueEnd(scope, i);
    items.push(nodeAt(scope, i, end, seq));
    i = skipSpace(text, end);
    if (text.charCodeAt(i) === 0x2c /* , */) i = skipSpace(text, i + 1);
  }
  return items;
}

/** Where the value starting at `i` ends (the index after it). */
function valueEnd(/** @type {Scope} */ scope, /** @type {number} */ i) {
  const { text } = scope;
  const c = text.charCodeAt(i);
  if (c === 0x22) return stringEnd(text, i);
  if (c === 0x7b || c === 0x5b) {
    const known = scope.ends().get(i);
    if (known !== undefined) return known;
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === 0x22) j = stringEnd(text, j) - 1;
      else if (d === 0x7b || d === 0x5b) depth++;
      else if ((d === 0x7d || d === 0x5d) && --depth === 0) return j + 1;
    }
    return text.length;
  }
  // A number, true, false or null.
  let j = i;
  while (j < text.length && !isDelimiter(text.charCodeAt(j))) j++;
  return j;
}

/** The index after the JSON string whose opening quote is at `i` (a quote after an odd number of backslashes is escaped). */
export function stringEnd(/** @type {string} */ text, /** @type {number} */ i) {
  let end = text.indexOf('"', i + 1);
  for (;;) {
    let slashes = 0;
    while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
    if (slashes % 2 === 0) return end + 1;
    end = text.indexOf('"', end + 1);
  }
}

function skipSpace(/** @type {string} */ text, /** @type {number} */ i) {
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

const isSpace = (/** @type {number} */ c) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDelimiter = (/** @type {number} */ c) => isSpace(c) || c === 0x2c || c === 0x5d || c === 0x7d;
