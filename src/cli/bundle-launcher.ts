import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { constants, Script } from 'node:vm';
import { limitHeapGrowth } from './heap-growth.js';

/**
 * What `canopy` and `npm start` run: the command line bundled into one CommonJS file
 * (scripts/bundle-cli.mjs), compiled with the V8 code cache the build wrote beside it. The cache holds
 * the machine code of every function a warm-up run compiled (start-up and the first requests), so a
 * start deserialises it instead of parsing 1.2 MB and compiling those functions again. Node 20 has no
 * code cache for ES modules (`module.enableCompileCache` came in Node 22), hence CommonJS here.
 *
 * A cache V8 refuses (another Node version, other V8 flags: NODE_OPTIONS=--max-semi-space-size=8, say)
 * costs nothing but the time to read it: the source is compiled as if there were none.
 */
export interface LoadedBundle {
  /** The compiled bundle, for writing its code cache after a warm-up (see writeCodeCache). */
  readonly script: Script;
  /** The bundle's absolute path; its cache is codeCachePath(path). */
  readonly path: string;
  /** SHA-256 of the bundle's bytes, which its cache file starts with. */
  readonly sourceHash: Buffer;
  /** V8 took the cache: false without one, or when V8 refused it. */
  readonly cacheAccepted: boolean;
}

/** The cache file starts with the SHA-256 of the source it was made from: V8 itself checks only the length. */
const HASH_BYTES = 32;

export const codeCachePath = (bundlePath: string): string => `${bundlePath}.cache`;

/** Compiles the bundle at `bundlePath` (with its cache when one fits) and runs it, as Node runs a CommonJS main. */
export function runBundle(bundleFile: string): LoadedBundle {
  const bundlePath = resolve(bundleFile);
  // V8 refuses a cache made under other flags, and `serve` sets this one: set for every command
  // before compiling, it is the same when the build's warm-up made the cache and at every start.
  limitHeapGrowth();
  const { source, sourceHash } = readBundle(bundlePath);
  const cachedData = cacheFor(sourceHash, codeCachePath(bundlePath));
  const script = new Script(wrap(source), {
    filename: bundlePath,
    cachedData,
    // esbuild turns the bundle's import() of packages into require(); this keeps a future one working.
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  return { script, path: bundlePath, sourceHash, cacheAccepted: cachedData !== undefined && !script.cachedDataRejected };
}

/** Writes what V8 has compiled of the bundle so far, replacing the file at once (readers see old or new). */
export function writeCodeCache(bundle: LoadedBundle): number {
  const data = Buffer.concat([bundle.sourceHash, bundle.script.createCachedData()]);
  const path = codeCachePath(bundle.path);
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
  return data.length;
}

/**
 * The source and the SHA-256 of its bytes as read: hashing the decoded string would encode it to UTF-8
 * again (about 2 ms a start). The bytes go out of scope here, before the bundle runs, so the first
 * collection frees them.
 */
function readBundle(path: string): { source: string; sourceHash: Buffer } {
  const bytes = readFileSync(path);
  return { source: bytes.toString('utf8'), sourceHash: sha256(bytes) };
}

function cacheFor(sourceHash: Buffer, path: string): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch {
    return undefined;
  }
  return file.length > HASH_BYTES && sourceHash.equals(file.subarray(0, HASH_BYTES)) ? file.subarray(HASH_BYTES) : undefined;
}

const sha256 = (bytes: Buffer): Buffer => createHash('sha256').update(bytes).digest();

/** The wrapper Node gives a CommonJS file, so the bundle sees require, module and __filename as usual. */
const wrap = (source: string): string => `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
