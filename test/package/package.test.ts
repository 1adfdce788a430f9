/**
 * The package as a user gets it: `npm pack` (which builds dist/), the tarball installed into an
 * empty project from the npm registry, then `npx canopy serve` and `startCanopy` used there. Slow
 * (one install), and never skipped: a build error fails it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '../helpers/free-port.js';
import { writeSelfSigned } from '../helpers/self-signed.js';
import { admin, http, rpc } from '../system/server-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const run = promisify(execFile);

// The outer `npm test` passes its own npm_* settings down; the commands here are a user's, in another project.
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^npm_/i.test(key) && !key.startsWith('CANOPY_') && !['PORT', 'HOST', 'DATABASE_URL', 'LOG_LEVEL'].includes(key),
  ),
);

async function sh(command: string, args: string[], cwd: string, timeoutMs: number, env = cleanEnv): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stderr ?? ''}\n${stdout ?? ''}`.slice(-6000));
  }
}

/**
 * better-sqlite3's installer (prebuild-install) fetches its binary from GitHub, which this machine
 * cannot reach, and then compiles SQLite from source: about 70 s of CPU, most of this test's time,
 * taken from the suite's other test process. prebuild-install first looks for a "local prebuild",
 * a tarball named as its download would be, in `npm_config_better_sqlite3_local_prebuilds`: this
 * offers it the binary `npm ci` built for this repository. It is only taken when the version the
 * install resolves is the repository's (the name holds the version, ABI and platform); any other
 * version falls back to the download and the compile, as for a user.
 */
function localPrebuilds(work: string): NodeJS.ProcessEnv {
  const dir = join(work, 'prebuilds');
  mkdirSync(dir);
  const moduleDir = join(ROOT, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(readFileSync(join(moduleDir, 'package.json'), 'utf8')) as { version: string };
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const packed = spawnSync('tar', ['-czf', join(dir, name), '-C', moduleDir, 'build/Release/better_sqlite3.node'], { encoding: 'utf8' });
  assert.equal(packed.status, 0, packed.stderr);
  return { ...cleanEnv, npm_config_better_sqlite3_local_prebuilds: dir };
}

describe('the packed package in an empty project', { timeout: 20 * 60_000 }, () => {
  let work: string;
  let project: string;
  let tarball: string;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'canopy-package-'));
    project = join(work, 'project');
    mkdirSync(project);
    // prepare builds dist/ at pack time: a compile error fails here.
    const packed = JSON.parse(await sh('npm', ['pack', '--json', '--pack-destination', work], ROOT, 5 * 60_000)) as [
      { filename: string; files: { path: string }[] },
    ];
    tarball = join(work, packed[0].filename);
    const paths = packed[0].files.map((file) => file.path);
    assert.ok(paths.includes('dist/index.js') && paths.includes('dist/index.d.ts') && paths.includes('dist/cli/index.js'));
    // What the bin runs: the command line in one file (scripts/bundle-cli.mjs), its launcher and its code cache.
    assert.ok(['canopy.js', 'canopy.cjs', 'canopy.cjs.cache'].every((name) => paths.includes(`dist/bundle/${name}`)));
    // The console's files, copied beside the compiled server by the build: nothing is built at run time.
    assert.ok(
      paths.includes('dist/console/index.html') && paths.includes('dist/console/app.js') && paths.includes('dist/console/signer.js'),
    );
    assert.deepEqual(
      paths.filter((path) => /\.map$|\.test\.|tsbuildinfo/.test(path) || !/^(dist\/|bin\/|README\.md$|package\.json$|LICENSE)/.test(path)),
      [],
    );
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'empty-project', private: true, type: 'module' }));
    await sh(
      'npm',
      ['install', '--no-audit', '--no-fund', tarball, '@alicloud/resourcemanager20200331@^2.6.1', '@alicloud/openapi-core@^1.0.8'],
      project,
      15 * 60_000,
      localPrebuilds(work),
    );
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('only runtime dependencies are installed: no compiler, no test tools', () => {
    const modules = readdirSync(join(project, 'node_modules'));
    for (const dev of ['typescript', 'tsx', '@biomejs', 'autocannon', 'smtp-server'])
      assert.ok(!modules.includes(dev), `${dev} was installed`);
    assert.ok(existsSync(join(project, 'node_modules', 'canopy-rd', 'dist', 'main.js')));
  });

  test('npx canopy serve answers a signed call', async () => {
    const server = await serve(project);
    try {
      const account = await admin(server.port, 'POST', '/_canopy/accounts', { securePhone: '1-2025550123' });
      assert.equal(account.status, 201, JSON.stringify(account.body));
      const answer = await rpc(server.port, account.body, 'GetResourceDirectory');
      assert.equal(answer.body.Code, 'ResourceDirectoryNotInUse', JSON.stringify(answer.body));
      assert.equal(answer.body.HostId, server.hostId);
      // The installed package serves the console from its own files.
      const page = await fetch(`http://127.0.0.1:${server.port}/console`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /Canopy console/);
      assert.equal((await fetch(`http://127.0.0.1:${server.port}/console/signer.js`)).status, 200);
    } finally {
      await server.stop();
    }
  });

  // The bundle defers fastify's `https` and prom-client drops its Pushgateway (scripts/bundle-cli.mjs):
  // TLS and the metrics page are what those edits could break, and only the bundle has them.
  test('npx canopy serve with CANOPY_TLS_* answers over HTTPS, metrics included', async () => {
    const { certFile, keyFile } = writeSelfSigned(work);
    const server = await serve(project, { CANOPY_TLS_CERT: certFile, CANOPY_TLS_KEY: keyFile });
    try {
      const tls = { ca: readFileSync(certFile) };
      const health = await http(server.port, 'GET', '/_canopy/health', {}, undefined, tls);
      assert.equal(health.status, 200, JSON.stringify(health.body));
      assert.equal(health.body.status, 'ok');
      const metrics = await http(server.port, 'GET', '/_canopy/metrics', {}, undefined, tls);
      assert.equal(metrics.status, 200);
      assert.match(metrics.body, /^canopy_store_round_trips_total /m);
      assert.match(metrics.body, /^process_resident_memory_bytes /m);
    } finally {
      await server.stop();
    }
  });

  test('the installed command line starts from the code cache its build wrote (same Node, same V8 flags)', () => {
    const launcher = join(project, 'node_modules', 'canopy-rd', 'dist', 'cli', 'bundle-launcher.js');
    const bundle = join(project, 'node_modules', 'canopy-rd', 'dist', 'bundle', 'canopy.cjs');
    // --version answers without a server; whether V8 took the cache is known before its promise settles.
    const script = `import { runBundle } from ${JSON.stringify(pathToFileURL(launcher).href)};
process.argv = [process.execPath, 'canopy', '--version'];
process.stderr.write('accepted=' + runBundle(${JSON.stringify(bundle)}).cacheAccepted + '\\n');`;
    const started = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, env: cleanEnv, encoding: 'utf8' });
    assert.equal(started.status, 0, started.stderr);
    assert.match(started.stdout, /^\d+\.\d+\.\d+\n$/);
    assert.equal(started.stderr, 'accepted=true\n');
  });

  test('startCanopy and the official SDK send a code and enable a directory', async () => {
    copyFileSync(fileURLToPath(new URL('fixtures/embedded-sdk.mjs', import.meta.url)), join(project, 'embedded-sdk.mjs'));
    const output = await sh(process.execPath, ['embedded-sdk.mjs'], project, 60_000);
    assert.match(output, /"resourceDirectoryId":"rd-/);
  });

  test('the typings resolve through the package exports', async () => {
    writeFileSync(
      join(project, 'typings.ts'),
      [
        "import { startCanopy, CanopyAdminError, type RunningCanopy, type StartCanopyOptions } from 'canopy-rd';",
        "const options: StartCanopyOptions = { port: 0, store: 'sqlite', dataDir: '.data', mode: 'emulator', env: { LOG_LEVEL: 'warn' } };",
        'const canopy: RunningCanopy = await startCanopy(options);',
        "const code: string = await canopy.latestCode('1-2025550123', { timeoutMs: 100 });",
        'const key: { accessKeyId: string; ramUser?: string } = await canopy.createAccessKey(code, { ramUser: "ci" });',
        '// @ts-expect-error: not a store',
        "await startCanopy({ store: 'mongo' });",
        'export const used = [key, CanopyAdminError, canopy.endpoint];',
      ].join('\n'),
    );
    const config = {
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, types: [] },
      files: ['typings.ts'],
    };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(config));
    await sh(process.execPath, [TSC, '-p', 'tsconfig.json'], project, 120_000);
  });
});

interface Served {
  readonly port: number;
  readonly hostId: string;
  stop(): Promise<void>;
}

/**
 * `npx canopy serve` in the project on a free port; another port when another test's server took it first.
 * With `tls` (CANOPY_TLS_CERT and CANOPY_TLS_KEY), it is probed over HTTPS, trusting that certificate.
 */
async function serve(project: string, tls?: { CANOPY_TLS_CERT: string; CANOPY_TLS_KEY: string }): Promise<Served> {
  const trust = tls && { ca: readFileSync(tls.CANOPY_TLS_CERT) };
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const hostId = `canopy-package-${randomUUID()}`;
    const child = spawn('npx', ['canopy', 'serve'], {
      cwd: project,
      env: { ...cleanEnv, PORT: String(port), CANOPY_STORE: 'memory', CANOPY_HOST_ID: hostId, LOG_LEVEL: 'warn', ...tls },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: npx runs node as a child, and both must stop.
      detached: true,
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-8000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const served: Served = { port, hostId, stop: () => stopGroup(child) };
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        if (attempt < 3 && output.includes('EADDRINUSE')) break;
        throw new Error(`npx canopy serve exited (${child.exitCode ?? child.signalCode}):\n${output}`);
      }
      const answer = await http(port, 'GET', '/', {}, undefined, trust).catch(() => undefined);
      if (answer?.body?.HostId === hostId) return served;
      if (Date.now() > deadline) {
        await served.stop();
        throw new Error(`npx canopy serve did not answer within 60 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    process.kill(-child.pid!, 'SIGTERM');
  });
}
