// Preloaded (`node -r`) by bench/cold-start-compare.ts when COLD_TRACE=1: at the server's first 200,
// appends one JSON line to the file FIRST_ANSWER_FILE names with what the process itself knows of its
// start, at finer grain than /proc's 10 ms ticks: the time since the process began, its CPU time (all
// threads), and V8's collections so far. CommonJS, so that it starts no ES module loader of its own.
const { appendFileSync } = require('node:fs');
const { subscribe } = require('node:diagnostics_channel');
const { PerformanceObserver, performance } = require('node:perf_hooks');

const collections = [];
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) collections.push(entry.duration);
});
observer.observe({ entryTypes: ['gc'] });
let answered = false;
subscribe('http.server.response.finish', ({ response }) => {
  if (answered || response.statusCode !== 200) return;
  answered = true;
  const { user, system } = process.cpuUsage();
  appendFileSync(
    process.env.FIRST_ANSWER_FILE,
    `${JSON.stringify({
      entry: process.env.FIRST_ANSWER_ENTRY,
      elapsedMs: performance.now(),
      cpuMs: (user + system) / 1000,
      collections: collections.length,
      collectionMs: collections.reduce((sum, ms) => sum + ms, 0),
    })}\n`,
  );
});
