// @ts-check

/** JSON path member accessor: `.name` for identifiers, `['other name']` otherwise. @param {string} name */
export function member(name) {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `['${name.replace(/[\\']/g, "\\$&")}']`;
}
