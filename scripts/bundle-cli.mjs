// The command line as one file (dist/bundle/canopy.js), what `canopy` and `npm start` run. Loading
// the compiled tree module by module opened, resolved and linked about 640 files at every start, most
// of the cold start on a slow disk (docs/development.md, "Profiling"); one file is read and parsed at once.
// Code that only some configurations load (PostgreSQL, the SMS and mail providers) stays in chunks
// loaded on demand, or in node_modules: better-sqlite3 is native, and those packages are large and
// loaded only when configured. The compiled tree stays beside it for the library entry (dist/index.js).
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';

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

rmSync('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: { canopy: 'dist/cli/index.js' },
  outdir: 'dist/bundle',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Smaller to read and parse; names are kept, so stack traces in the log still say where.
  minifyWhitespace: true,
  minifySyntax: true,
  external: [
    ...['better-sqlite3', 'pg', 'pg-native', '@alicloud/*', 'nodemailer', 'libphonenumber-js'],
    // Fastify's schema compilers (src/http/lazy-schema-compilers.ts loads them on first need, which no
    // route has) and its inject(): about 650 kB that every start would read and parse for nothing.
    ...['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler', 'light-my-request'],
  ],
  // Bundled CommonJS packages call require() for Node's own modules, which an ES module lacks.
  banner: { js: "import { createRequire as __canopyRequire } from 'node:module'; const require = __canopyRequire(import.meta.url);" },
  plugins: [englishOnlyZod],
  logLevel: 'warning',
});
