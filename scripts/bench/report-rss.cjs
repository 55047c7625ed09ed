// Preloaded into every Node process a benchmark starts (NODE_OPTIONS=--require): it notes its pid
// in BENCH_RSS_FILE when it starts and, on exit, its peak resident memory, so the bench can report
// peak RSS without an external `time` binary, and wait for a process that outlives the one it
// started (generate's Node 26 ends a moment after the Node 20 that started it: cli/runtime.js).
const { appendFileSync } = require("node:fs");
const { isMainThread } = require("node:worker_threads");
const file = process.env.BENCH_RSS_FILE;
if (file && isMainThread) {
  appendFileSync(file, `start ${process.pid}\n`);
  process.on("exit", () => {
    appendFileSync(file, `rss ${process.pid} ${process.resourceUsage().maxRSS}\n`);
  });
}
