// @ts-check
// `schema: null` where OpenAPI wants a Schema Object (Directus 15's spec: a request body of any JSON). No
// schema is what the vendor meant, and what openapi-typescript makes of it (`unknown`); the later stages
// read the bundle without it, so the validators and the testing data see no schema too.
import { escapeToken } from "../report/json-pointer.js";

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
  const content = (/** @type {unknown} */ map, /** @type {string} */ at) => {
    for (const [type, media] of entries(map)) if (isObject(media) && media.schema === null) found.push({ pointer: `${at}/${escapeToken(type)}/schema`, holder: media });
  };
  /** A parameter or a header: a schema of its own, or a content map. */
  const parameter = (/** @type {any} */ p, /** @type {string} */ at) => {
    if (!isObject(p) || "$ref" in p) return;
    if (p.schema === null) found.push({ pointer: `${at}/schema`, holder: p });
    content(p.content, `${at}/content`);
  };
  const response = (/** @type {any} */ r, /** @type {string} */ at) => {
    if (!isObject(r) || "$ref" in r) return;
    content(r.content, `${at}/content`);
    for (const [name, header] of entries(r.headers)) parameter(header, `${at}/headers/${escapeToken(name)}`);
  };
  const requestBody = (/** @type {any} */ b, /** @type {string} */ at) => {
    if (isObject(b) && !("$ref" in b)) content(b.content, `${at}/content`);
  };
  /** @type {(item: any, at: string) => void} */
  const pathItem = (item, at) => {
    if (!isObject(item)) return;
    if (Array.isArray(item.parameters)) item.parameters.forEach((/** @type {any} */ p, /** @type {number} */ i) => parameter(p, `${at}/parameters/${i}`));
    for (const [method, operation] of entries(item)) {
      if (!isObject(operation) || method === "parameters") continue;
      if (Array.isArray(operation.parameters)) operation.parameters.forEach((/** @type {any} */ p, /** @type {number} */ i) => parameter(p, `${at}/${method}/parameters/${i}`));
      requestBody(operation.requestBody, `${at}/${method}/requestBody`);
      for (const [status, r] of entries(operation.responses)) response(r, `${at}/${method}/responses/${escapeToken(status)}`);
      for (const [name, callback] of entries(operation.callbacks)) {
        for (const [expression, inner] of entries(callback)) pathItem(inner, `${at}/${method}/callbacks/${escapeToken(name)}/${escapeToken(expression)}`);
      }
    }
  };
  for (const root of ["paths", "webhooks"]) for (const [key, item] of entries(document[root])) pathItem(item, `#/${root}/${escapeToken(key)}`);
  const components = document.components;
  for (const [name, p] of entries(components?.parameters)) parameter(p, `#/components/parameters/${escapeToken(name)}`);
  for (const [name, h] of entries(components?.headers)) parameter(h, `#/components/headers/${escapeToken(name)}`);
  for (const [name, b] of entries(components?.requestBodies)) requestBody(b, `#/components/requestBodies/${escapeToken(name)}`);
  for (const [name, r] of entries(components?.responses)) response(r, `#/components/responses/${escapeToken(name)}`);
  for (const [name, item] of entries(components?.pathItems)) pathItem(item, `#/components/pathItems/${escapeToken(name)}`);
  return found;
}

/**
 * The bundled document as JSON text for the later stages: without its null schemas. The document itself keeps them,
 * for lint to report where they are.
 * @param {Record<string, any>} document
 */
export function stagesJson(document) {
  const found = nullSchemas(document);
  for (const { holder } of found) delete holder.schema;
  try {
    return JSON.stringify(document);
  } finally {
    for (const { holder } of found) holder.schema = null;
  }
}
