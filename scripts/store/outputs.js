// @ts-check

/** The files one API writes, relative to generated/. */
export function outputsOf(/** @type {string} */ name) {
  return [`${name}.ts`, `${name}.client.ts`, `${name}.testing.ts`, `${name}.validators.js`, `${name}.validators.d.ts`, `${name}.bundled.json`, `${name}.lint.txt`];
}

/** Re-exports every API's client, for the package's main entry point; rewritten when the list of APIs changes. */
export const CLIENTS_FILE = "clients.ts";
