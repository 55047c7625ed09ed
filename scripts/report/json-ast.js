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
  // yaml-ast-parser's document node runs to the end of the text.
  return nodeAt(text, skipSpace(text, 0), text.length, undefined);
}

/**
 * @param {string} text
 * @param {number} start
 * @param {number} end
 * @param {AstNode | undefined} parent
 * @returns {AstNode}
 */
function nodeAt(text, start, end, parent) {
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
        return (mappings ??= mappingsOf(text, start, node));
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
        return (items ??= itemsOf(text, start, node));
      },
    };
    return node;
  }
  return { kind: SCALAR, startPosition: start, endPosition: end, parent, value: text.slice(start, end) };
}

/**
 * @param {string} text
 * @param {number} start the object's `{`
 * @param {AstNode} map
 */
function mappingsOf(text, start, map) {
  /** @type {AstNode[]} */
  const mappings = [];
  let i = skipSpace(text, start + 1);
  while (text.charCodeAt(i) === 0x22 /* " */) {
    const keyEnd = stringEnd(text, i);
    const raw = text.slice(i + 1, keyEnd - 1);
    const valueStart = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const end = valueEnd(text, valueStart);
    /** @type {AstNode} */
    const mapping = { kind: MAPPING, startPosition: i, endPosition: end, parent: map };
    mapping.key = { kind: SCALAR, startPosition: i, endPosition: keyEnd, parent: mapping, value: raw.includes("\\") ? JSON.parse(`"${raw}"`) : raw };
    mapping.value = /** @type {any} */ (nodeAt(text, valueStart, end, mapping));
    mappings.push(mapping);
    i = skipSpace(text, end);
    if (text.charCodeAt(i) === 0x2c /* , */) i = skipSpace(text, i + 1);
  }
  return mappings;
}

/**
 * @param {string} text
 * @param {number} start the array's `[`
 * @param {AstNode} seq
 */
function itemsOf(text, start, seq) {
  /** @type {AstNode[]} */
  const items = [];
  let i = skipSpace(text, start + 1);
  while (text.charCodeAt(i) !== 0x5d /* ] */) {
    const end = valueEnd(text, i);
    items.push(nodeAt(text, i, end, seq));
    i = skipSpace(text, end);
    if (text.charCodeAt(i) === 0x2c /* , */) i = skipSpace(text, i + 1);
  }
  return items;
}

/** Where the value starting at `i` ends (the index after it). */
function valueEnd(/** @type {string} */ text, /** @type {number} */ i) {
  const c = text.charCodeAt(i);
  if (c === 0x22) return stringEnd(text, i);
  if (c === 0x7b || c === 0x5b) {
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
