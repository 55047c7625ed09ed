// Preloaded into every Node process a benchmark starts (NODE_OPTIONS=--require): on exit, it
// appends the process's peak resident memory to BENCH_RSS_FILE, so the bench can report peak RSS
// without an external `time` binary.
const { appendFileSync } = require("node:fs");
const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
  });
}
