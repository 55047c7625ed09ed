// @ts-check
// `schema: null` where OpenAPI wants a Schema Object (Directus 15's spec: a request body of any JSON). No
// schema is what the vendor meant, and what openapi-typescript makes of it (`unknown`); the later stages
// read the bundle without it, so the validators and the testing data see no schema too.
import { escapeToken } from "../report/json-pointer.js";
import { mayNameSchemas, nameMappingsToRefs } from "./mapping-names.js";
import { METHODS } from "./methods.js";

/**
 * The media types, parameters and headers of `document` whose `schema` is null, with their pointers. Only
 * the places OpenAPI puts a Schema Object beside other keys: a property or component named `schema` is not one.
 * @param {Record<string, any>} document
 * @returns {Array<{ pointer: string, holder: Record<string, any> }>}
 */
export function nullSchemas(document) {
  /** @type {Array<{ pointer: string, holder: Record<string, any> }>} */
  const found = [];
  const isObject = (/** @type {unknown} */ value) => Boolean(value) && typeof value === "object" && !Array.isArray(value);
  const entries = (/** @type {unknown} */ map) => (isObject(map) ? Object.entries(/** @type {Record<string, any>} */ (map)) : []);
  /** A map's members, but for `x-` extensions (whose content is the vendor's own). */
  const members = (/** @type {unknown} */ map) => entries(map).filter(([key]) => !key.startsWith("x-"));
  const content = (/** @type {unknown} */ map, /** @type {string} */ at) => {
    for (const [type, media] of entries(map)) {
      if (!isObject(media)) continue;
      const where = `${at}/${escapeToken(type)}`;
      if (media.schema === null) found.push({ pointer: `${where}/schema`, holder: media });
      for (const [property, encoding] of entries(media.encoding)) {
        if (!isObject(encoding)) continue;
        for (const [name, header] of entries(encoding.headers)) parameter(header, `${where}/encoding/${escapeToken(property)}/headers/${escapeToken(name)}`);
      }
    }
  };
  /** A parameter or a header: a schema of its own, or a content map. */
  /** @type {(p: any, at: string) => void} */
  const parameter = (p, at) => {
    if (!isObject(p) || "$ref" in p) return;
    if (p.schema === null) found.push({ pointer: `${at}/schema`, holder: p });
    content(p.content, `${at}/content`);
  };
  const response = (/** @type {any} */ r, /** @type {string} */ at) => {
    if (!isObject(r) || "$ref" in r) return;
    content(r.content, `${at}/content`);
    for (const [name, header] of members(r.headers)) parameter(header, `${at}/headers/${escapeToken(name)}`);
  };
  const requestBody = (/** @type {any} */ b, /** @type {string} */ at) => {
    if (isObject(b) && !("$ref" in b)) content(b.content, `${at}/content`);
  };
  /** @type {(item: any, at: string) => void} */
  const pathItem = (item, at) => {
    if (!isObject(item)) return;
    if (Array.isArray(item.parameters)) item.parameters.forEach((/** @type {any} */ p, /** @type {number} */ i) => parameter(p, `${at}/parameters/${i}`));
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      if (Array.isArray(operation.parameters)) operation.parameters.forEach((/** @type {any} */ p, /** @type {number} */ i) => parameter(p, `${at}/${method}/parameters/${i}`));
      requestBody(operation.requestBody, `${at}/${method}/requestBody`);
      for (const [status, r] of members(operation.responses)) response(r, `${at}/${method}/responses/${escapeToken(status)}`);
      for (const [name, c] of members(operation.callbacks)) callback(c, `${at}/${method}/callbacks/${escapeToken(name)}`);
    }
  };
  /** @type {(c: any, at: string) => void} */
  const callback = (c, at) => {
    if (isObject(c) && !("$ref" in c)) for (const [expression, item] of members(c)) pathItem(item, `${at}/${escapeToken(expression)}`);
  };
  for (const root of ["paths", "webhooks"]) for (const [key, item] of members(document[root])) pathItem(item, `#/${root}/${escapeToken(key)}`);
  const components = document.components;
  for (const [name, p] of entries(components?.parameters)) parameter(p, `#/components/parameters/${escapeToken(name)}`);
  for (const [name, h] of entries(components?.headers)) parameter(h, `#/components/headers/${escapeToken(name)}`);
  for (const [name, b] of entries(components?.requestBodies)) requestBody(b, `#/components/requestBodies/${escapeToken(name)}`);
  for (const [name, r] of entries(components?.responses)) response(r, `#/components/responses/${escapeToken(name)}`);
  for (const [name, item] of entries(components?.pathItems)) pathItem(item, `#/components/pathItems/${escapeToken(name)}`);
  for (const [name, c] of entries(components?.callbacks)) callback(c, `#/components/callbacks/${escapeToken(name)}`);
  return found;
}

/**
 * The bundled document as JSON text for the later stages: without its null schemas, and with each discriminator
 * mapping that names a schema given as its `$ref` (mapping-names.js). The document itself stays as the vendor wrote
 * it, for lint to report where. The changes are made to a copy: YAML aliases can make one object a media type in one
 * place and an example in another, and the example keeps what the vendor wrote.
 * @param {Record<string, any>} document
 */
export function stagesJson(document) {
  const json = JSON.stringify(document);
  const nulls = nullSchemas(document);
  const mayName = mayNameSchemas(json);
  if (nulls.length === 0 && !mayName) return json;
  const copy = JSON.parse(json);
  // On the copy, a tree: an object a YAML alias put in two places is two objects there, each changed. (Found again
  // rather than by pointer: a pointer read back decodes `%2F` in a path key, which escaping does not encode.)
  for (const { holder } of nulls.length > 0 ? nullSchemas(copy) : []) delete holder.schema;
  const named = mayName ? nameMappingsToRefs(copy) : 0;
  return nulls.length === 0 && named === 0 ? json : JSON.stringify(copy);
}
