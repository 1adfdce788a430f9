import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import externals from '../../scripts/bundle-externals.json' with { type: 'json' };

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(ROOT, 'src');
const CACHE = join(ROOT, 'node_modules', '.cache', 'canopy-test-cli');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.test.ts') ? [] : [path];
    })
    .sort();
}

/**
 * What tests put after `node` to run the `canopy` command line as a child process: `src/cli/index.ts`
 * bundled into one CommonJS file, as the build bundles `dist/` for `canopy` and `npm start`
 * (scripts/bundle-cli.mjs). Through tsx, a start loaded about 640 modules through its loader, 1.2 to
 * 1.4 s a start; the bundle starts in about 0.35 s, and the suite starts the command line a few
 * hundred times. The bundle is made from the sources as they are now, never from a stale `dist/`:
 * its name is the hash of every file under `src/`, so an edit makes a new one, once, for every test
 * process of the run (written under another name, then renamed into place: a concurrent build of
 * the same hash loses nothing). Bundles of earlier sources are removed after ten minutes.
 *
 * `import.meta.url` is the URL of `src/cli/index.ts` in every module, so that what Canopy finds from
 * it (the console's files in `src/console/`, packages, its own package.json) resolves from `src/`
 * as under tsx; the packages left out of the bundle are those the build leaves out.
 */
export function cliCommand(): string[] {
  built ??= bundleOfSources();
  return [built];
}

/** Per test process: the sources do not change while it runs. */
let built: string | undefined;

function bundleOfSources(): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles(SRC)) hash.update(relative(SRC, file)).update('\0').update(readFileSync(file)).update('\0');
  const bundle = join(CACHE, `${hash.digest('hex').slice(0, 24)}.cjs`);
  if (!existsSync(bundle)) {
    mkdirSync(CACHE, { recursive: true });
    const building = `${bundle}.${process.pid}.tmp`;
    buildSync({
      entryPoints: [join(SRC, 'cli', 'index.ts')],
      outfile: building,
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      external: [...externals.loadedWhenConfigured, ...externals.fastifyUnused],
      define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(SRC, 'cli', 'index.ts')).href) },
      logLevel: 'warning',
    });
    renameSync(building, bundle);
    // Bundles of earlier sources, left by earlier runs: not those of a run still going (ten minutes' grace).
    for (const name of readdirSync(CACHE)) {
      const path = join(CACHE, name);
      // Another process may rename or remove a file between the listing and this look.
      const modified = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (path !== bundle && Date.now() - modified > 10 * 60_000) rmSync(path, { force: true });
    }
  }
  return bundle;
}
