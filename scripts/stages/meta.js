// @ts-check

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * Emits the runtime facts the facade needs from a spec (default server, each operation's method,
 * path and path parameters), so src/ never copies them by hand.
 * @param {string} name
 * @param {Record<string, any>} document bundled, overlays applied
 */
export default function metaStage(name, document) {
  const servers = (document.servers ?? []).map((/** @type {{ url: string }} */ s) => s.url);
  /** @type {Record<string, { method: string, path: string, pathParams: string[] }>} */
  const operations = {};
  for (const [pathKey, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const id = operation.operationId ?? `${method} ${pathKey}`;
      operations[id] = { method, path: pathKey, pathParams: [...pathKey.matchAll(/\{([^}]+)\}/g)].map((m) => /** @type {string} */ (m[1])) };
    }
  }
  const api = { name, title: document.info?.title ?? name, version: document.info?.version ?? "", servers };
  return `/** The API this module describes, and the server its spec names first. */
export const api = ${JSON.stringify(api)} as const;

/** Every operation of the spec: operationId -> method, path template and path parameters. */
export const operations = ${JSON.stringify(operations)} as const;
`;
}
