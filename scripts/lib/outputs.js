// @ts-check

/** The files one API writes, relative to generated/. */
export function outputsOf(/** @type {string} */ name) {
  return [`${name}.ts`, `${name}.meta.ts`, `${name}.validators.js`, `${name}.validators.d.ts`, `${name}.bundled.json`, `${name}.lint.txt`];
}
