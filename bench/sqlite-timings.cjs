// Preloaded into a server by `bench/profile-row.ts <row> <seconds> --sql` (node --require): the time
// each SQL statement took inside better-sqlite3, by statement text, so a profile says which
// statements the SQLite share of a row is made of (V8's profile charges them to their JavaScript
// callers). Times every run/get/all/iterate of a prepared statement: BEGIN and COMMIT of the group
// commit are prepared statements too. SIGUSR2 sets the counts back to zero (at the end of the
// warm-up); at exit the table goes to SQLITE_TIMINGS_FILE as JSON. A measuring aid, never loaded by
// Canopy itself. Each COMMIT's own time is kept as well: a COMMIT that crosses `wal_autocheckpoint`
// (1,000 pages) checkpoints the WAL into the database file on the calling thread, fsyncs included,
// and those few long commits are a share of the row and its p99 that a mean per call hides.
const { writeFileSync } = require('node:fs');
const Database = require('better-sqlite3');

const out = process.env.SQLITE_TIMINGS_FILE;
if (!out) throw new Error('sqlite-timings.cjs: set SQLITE_TIMINGS_FILE');

/** Statement text -> [calls, nanoseconds]. */
let timings = new Map();
/** The duration of each COMMIT, in nanoseconds. */
let commits = [];
process.on('SIGUSR2', () => {
  timings = new Map();
  commits = [];
});
process.on('exit', () => {
  const statements = [...timings].map(([sql, [calls, ns]]) => ({ sql, calls, ns }));
  writeFileSync(out, JSON.stringify({ statements, commits }));
});

function timed(method) {
  return function (...args) {
    const started = process.hrtime.bigint();
    try {
      return method.apply(this, args);
    } finally {
      const ns = Number(process.hrtime.bigint() - started);
      const entry = timings.get(this.source) ?? [0, 0];
      entry[0]++;
      entry[1] += ns;
      if (this.source === 'COMMIT') commits.push(ns);
      timings.set(this.source, entry);
    }
  };
}

// The Statement class is native and only reachable through a statement: patched on the first prepare.
const prepare = Database.prototype.prepare;
let patched = false;
Database.prototype.prepare = function (...args) {
  const statement = prepare.apply(this, args);
  if (!patched) {
    patched = true;
    const proto = Object.getPrototypeOf(statement);
    for (const name of ['run', 'get', 'all', 'iterate']) proto[name] = timed(proto[name]);
  }
  return statement;
};
