/** Resolves when `check` holds, polling every 50 ms; rejects after `ms`, naming `what` it waited for. */
export async function eventually(check: () => boolean, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
