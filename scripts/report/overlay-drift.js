// @ts-check

/**
 * @typedef {import("../stages/bundle.js").OverlayActionRecord} OverlayActionRecord
 * @typedef {Omit<OverlayActionRecord, "status">} StoredOverlayAction as generated/manifest.json keeps it
 */

/**
 * Overlay actions that drifted from the vendor's document, one line each: redundant (the vendor now ships what the
 * action sets) or conflicting (the vendor changed a node the action replaces since the last generate, as the hashes
 * recorded then say). A warning, not an error: the action still applies.
 * @param {string} name the API
 * @param {OverlayActionRecord[]} actions this generate's
 * @param {StoredOverlayAction[] | undefined} previous the last generate's, from the manifest
 * @returns {string[]}
 */
export function overlayDrift(name, actions, previous = []) {
  const lines = [];
  for (const action of actions) {
    const where = `${name}: overlay ${action.overlay} action ${action.action} (${action.target})`;
    if (action.status === "redundant") {
      lines.push(`${where} is redundant: the vendor's document already has what it sets; remove it`);
      continue;
    }
    // Only the same action (same target and value) is compared: an edited action replaces other parts.
    const before = previous.find((p) => p.overlay === action.overlay && p.action === action.action && p.actionHash === action.actionHash);
    const changed = Object.keys(action.nodes).filter((node) => before?.nodes[node] !== undefined && before.nodes[node] !== action.nodes[node]);
    if (changed.length > 0) {
      lines.push(`${where} is conflicting: the vendor changed what it replaces at ${changed.join(", ")} since the last generate; check that the action still holds`);
    }
  }
  return lines;
}

/**
 * What the manifest keeps of this generate's actions, for the next one to compare with.
 * @param {OverlayActionRecord[]} actions
 * @returns {StoredOverlayAction[]}
 */
export function storedOverlayActions(actions) {
  return actions.map(({ status: _status, ...stored }) => stored);
}
