// @ts-check

const SHOW_AFTER_MS = 1000;
const REDRAW_MS = 200;

/**
 * Per-API progress while generating. On a terminal, once the work has taken about a second, one
 * line per API shows its stage and elapsed time, redrawn in place; in CI or when piped, nothing is
 * drawn and the caller prints one line per API when it is done.
 * @param {{ stream?: NodeJS.WriteStream | { isTTY?: boolean, write(s: string): unknown }, interactive?: boolean }} [options]
 */
export function createProgress({ stream = process.stderr, interactive = Boolean(stream.isTTY) && !process.env.CI } = {}) {
  /** @type {Map<string, { stage: string, started: number, done: boolean }>} */
  const apis = new Map();
  const started = Date.now();
  let drawn = 0;
  let timer = /** @type {NodeJS.Timeout | undefined} */ (undefined);

  const draw = () => {
    const now = Date.now();
    const lines = [...apis].map(([name, s]) => `${name.padEnd(width())}  ${s.done ? "done" : s.stage}  ${((now - s.started) / 1000).toFixed(1)} s`);
    // Move up over the previous drawing and clear it before writing the new one.
    stream.write(`${drawn > 0 ? `\x1b[${drawn}A` : ""}\x1b[0J${lines.join("\n")}\n`);
    drawn = lines.length;
  };
  const width = () => Math.max(...[...apis.keys()].map((n) => n.length));

  return {
    /** @param {string} name @param {string} stage */
    stage(name, stage) {
      const state = apis.get(name);
      if (state) state.stage = stage;
      else apis.set(name, { stage, started: Date.now(), done: false });
      if (interactive && !timer) {
        timer = setTimeout(function tick() {
          draw();
          timer = setTimeout(tick, REDRAW_MS);
        }, Math.max(0, SHOW_AFTER_MS - (Date.now() - started)));
      }
    },
    /** @param {string} name */
    done(name) {
      const state = apis.get(name);
      if (state) state.done = true;
    },
    /** Stops redrawing and erases the drawing, so the summary lines follow cleanly. */
    stop() {
      clearTimeout(timer);
      timer = undefined;
      if (drawn > 0) stream.write(`\x1b[${drawn}A\x1b[0J`);
      drawn = 0;
    },
  };
}
