// @ts-check
// A discriminator's `mapping` may name a schema instead of giving a `$ref` (`mapping: { one: OptionOne }`: OpenAPI
// allows both). openapi-typescript reads only the `$ref` form: with a name it takes the schema's own name for the
// discriminator's value, so the types would say `kind: "OptionOne"` where the vendor meant `kind: "one"`. The later
// stages read such a name as the `$ref` it stands for.
import { escapeToken } from "../report/json-pointer.js";

/** Keys whose members are named by the spec, not keywords: a member named `example` there is a schema. */
const NAMES = new Set(["properties", "patternProperties", "schemas", "definitions", "$defs", "dependentSchemas"]);

/**
 * The mapping entries of `document`'s discriminators that name a schema of `components.schemas`, with their pointers
 * (each object once: a YAML alias's second place is not listed). Examples and extensions are the vendor's data, and
 * are not read.
 * @param {Record<string, any>} document
 * @returns {Array<{ pointer: string, name: string }>}
 */
export function schemaNameMappings(document) {
  /** @type {Array<{ pointer: string, name: string }>} */
  const found = [];
  eachNameMapping(document, { seen: new Set(), extensions: false }, (_mapping, value, name, at) => found.push({ pointer: `${at}/${escapeToken(value)}`, name }));
  return found;
}

/**
 * Gives each mapping entry that names a schema as that schema's `$ref`, in place, everywhere it is reached: `document`
 * must be a tree (parsed JSON), so that an object a YAML alias put in two places is rewritten in both. Extensions too:
 * openapi-typescript reads a discriminator wherever it is, and one under `x-shared` that an alias also puts in a
 * response would otherwise decide the types.
 * @param {Record<string, any>} document
 * @returns {number} how many entries were rewritten
 */
export function nameMappingsToRefs(document) {
  let count = 0;
  eachNameMapping(document, { extensions: true }, (mapping, value, name) => {
    mapping[value] = `#/components/schemas/${escapeToken(name)}`;
    count++;
  });
  return count;
}

/**
 * Calls `found` for each discriminator mapping entry of `document` whose value names a schema of components.schemas.
 * @param {Record<string, any>} document
 * @param {{ seen?: Set<object>, extensions: boolean }} how `seen`: given, each object is visited once (a document parsed
 *   from YAML may share them); `extensions`: whether `x-` members are read
 * @param {(mapping: Record<string, unknown>, value: string, name: string, at: string) => void} found `at`: the mapping's pointer
 */
function eachNameMapping(document, { seen, extensions }, found) {
  const schemas = document.components?.schemas;
  if (!schemas || typeof schemas !== "object") return;
  /** @type {(node: unknown, at: string, names: boolean) => void} */
  const walk = (node, at, names) => {
    if (!node || typeof node !== "object") return;
    if (seen) {
      if (seen.has(node)) return;
      seen.add(node);
    }
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${at}/${i}`, false));
    const object = /** @type {Record<string, unknown>} */ (node);
    const mapping = /** @type {{ mapping?: unknown } | undefined} */ (object.discriminator)?.mapping;
    if (!names && mapping && typeof mapping === "object" && !Array.isArray(mapping)) {
      for (const [value, name] of Object.entries(mapping)) {
        if (typeof name === "string" && /^[^/#]+$/.test(name) && Object.hasOwn(schemas, name)) {
          found(/** @type {Record<string, unknown>} */ (mapping), value, name, `${at}/discriminator/mapping`);
        }
      }
    }
    for (const [key, value] of Object.entries(object)) {
      if (!names && (key === "example" || key === "examples" || (!extensions && key.startsWith("x-")))) continue;
      walk(value, `${at}/${escapeToken(key)}`, !names && NAMES.has(key));
    }
  };
  walk(document, "#", false);
}

/**
 * Whether the JSON text of a document has a discriminator mapping with a value that is no `$ref` (neither `#` nor `/`
 * in it): a scan of the text, so that documents whose mappings are all `$ref`s (GitHub's) skip the walk above
 * (110-150 ms of GitHub's 13 MB). Reads each `"mapping":{...}` object's strings, escapes included.
 * @param {string} json as JSON.stringify writes it (no spaces)
 */
export function mayNameSchemas(json) {
  for (let at = json.indexOf('"mapping":{'); at !== -1; at = json.indexOf('"mapping":{', at + 1)) {
    let i = at + '"mapping":{'.length;
    for (let isValue = false; i < json.length && json[i] !== "}"; ) {
      if (json[i] !== '"') {
        // A ':' makes the next string a value; a ',' a key. Anything else here is no object of strings.
        if (json[i] === ":") isValue = true;
        else if (json[i] === ",") isValue = false;
        else break;
        i++;
        continue;
      }
      let end = i + 1;
      while (end < json.length && json[end] !== '"') end += json[end] === "\\" ? 2 : 1;
      if (isValue && !/[#/]/.test(json.slice(i + 1, end))) return true;
      i = end + 1;
    }
  }
  return false;
}
