// The command line as one CommonJS file (dist/bundle/canopy.cjs) and what runs it
// (dist/bundle/canopy.js, src/cli/bundle-launcher.ts), which `canopy` and `npm start` run. Loading the
// compiled tree module by module opened, resolved and linked about 640 files at every start, most of
// the cold start on a slow disk (docs/development.md, "Profiling"); one file is read at once, and
// compiled from the V8 code cache that scripts/warm-code-cache.mjs writes beside it. CommonJS because
// Node 20 keeps no code cache for ES modules. Packages that only some configurations load stay in
// node_modules (better-sqlite3 is native; pg, nodemailer and the SMS SDKs are large); Canopy's own code
// for them is in the bundle but runs only when configured. The compiled tree stays beside it for the
// library entry (dist/index.js).
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';
import externals from './bundle-externals.json' with { type: 'json' };

// zod re-exports every one of its ~50 message locales (`z.locales`), about 300 kB of the bundle that
// every start read and compiled; Canopy writes its own messages and never selects a locale, so the
// bundle gets English, the one zod configures by default.
const englishOnlyZod = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: args.importer, namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as en } from '../locales/en.js';",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * Node compiles a built-in module the first time it is required, and a start compiled several for
 * code that runs only in some configurations: fastify's server.js requires `http2` and `https` (with
 * `tls`) at its top, though it calls them only for HTTP/2 (never, here) and for TLS (CANOPY_TLS_*);
 * prom-client's index requires its Pushgateway (`https`, `zlib`), which Canopy never uses.
 * About 1 MB of RSS at every start (docs/development.md, "Profiling").
 * The edits are to exact lines: a dependency update that changes them fails the build, not a start.
 */
const replaceExactly = (source, path, from, to) => {
  if (!source.includes(from))
    throw new Error(`bundle-cli: ${path} no longer holds ${JSON.stringify(from)}; review the deferred-built-ins plugin`);
  return source.replace(from, to);
};
const LAZY_REQUIRE = 'const __lazyRequire = (id) => { let m; return new Proxy({}, { get: (_, key) => (m ??= require(id))[key] }); };\n';
const deferredBuiltins = {
  name: 'deferred-built-ins',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]fastify[\\/]lib[\\/]server\.js$/ }, (args) => {
      let source = replaceExactly(readFileSync(args.path, 'utf8'), args.path, "'use strict'\n", `'use strict'\n${LAZY_REQUIRE}`);
      for (const id of ['https', 'http2'])
        source = replaceExactly(source, args.path, `const ${id} = require('node:${id}')\n`, `const ${id} = __lazyRequire('node:${id}')\n`);
      return { contents: source, loader: 'js' };
    });
    build.onLoad({ filter: /[\\/]node_modules[\\/]prom-client[\\/]index\.js$/ }, (args) => ({
      contents: replaceExactly(readFileSync(args.path, 'utf8'), args.path, "exports.Pushgateway = require('./lib/pushgateway');\n", ''),
      loader: 'js',
    }));
  },
};

/**
 * The version, from the package.json the bundle is built with. The compiled tree finds it by the
 * package's own name, which Node resolves from the nearest package.json: in dist/bundle that is the
 * one that makes the launcher CommonJS (below), which has no name.
 */
const bakedVersion = {
  name: 'baked-version',
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/]main\.js$/ }, (args) => ({
      contents: replaceExactly(
        readFileSync(args.path, 'utf8'),
        args.path,
        "createRequire(import.meta.url)('canopy-rd/package.json').version",
        JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version),
      ),
      loader: 'js',
    }));
  },
};

const BUNDLE = 'dist/bundle/canopy.cjs';

rmSync('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: ['dist/cli/index.js'],
  outfile: BUNDLE,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Smaller to read; names are kept, so stack traces in the log still say where.
  minifyWhitespace: true,
  minifySyntax: true,
  external: [
    ...externals.loadedWhenConfigured,
    // Fastify's schema compilers (src/http/lazy-schema-compilers.ts loads them on first need, which no
    // route has) and its inject(): about 650 kB that every start would read for nothing.
    ...externals.fastifyUnused,
  ],
  // Canopy's modules find files and packages from their own URL; in the bundle that is the bundle's.
  define: { 'import.meta.url': '__canopyBundleUrl' },
  banner: { js: "const __canopyBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [englishOnlyZod, deferredBuiltins, bakedVersion],
  logLevel: 'warning',
});
// The launcher wraps the source in a function, where a #! line would be a syntax error.
writeFileSync(BUNDLE, readFileSync(BUNDLE, 'utf8').replace(/^#!.*\n/, ''));
// The launcher is CommonJS too (this folder's package.json says so), with bundle-launcher.js bundled in:
// an ES module entry would start Node's ES module loader, about 7 ms of every start.
writeFileSync('dist/bundle/package.json', `${JSON.stringify({ type: 'commonjs' })}\n`);
await build({
  stdin: {
    contents: "import { runBundle } from './cli/bundle-launcher.js';\nrunBundle(require('node:path').join(__dirname, 'canopy.cjs'));\n",
    resolveDir: 'dist',
    sourcefile: 'bundle-entry.js',
    loader: 'js',
  },
  outfile: 'dist/bundle/canopy.js',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  banner: { js: '#!/usr/bin/env node\n// Written by scripts/bundle-cli.mjs: runs canopy.cjs with its code cache.' },
  logLevel: 'warning',
});
chmodSync('dist/bundle/canopy.js', 0o755);
const warm = spawnSync(process.execPath, ['scripts/warm-code-cache.mjs', BUNDLE], { stdio: 'inherit' });
if (warm.status !== 0) throw new Error(`scripts/warm-code-cache.mjs failed (${warm.status ?? warm.signal})`);
