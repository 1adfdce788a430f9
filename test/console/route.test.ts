import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startServer, type Harness } from '../helpers/harness.js';

const ASSETS = new URL('../../src/console/', import.meta.url);

describe('console: the files and their headers', () => {
  let harness: Harness;
  before(async () => {
    harness = await startServer();
  });
  after(() => harness?.close());

  test('/console and /console/ answer the page with a strict Content-Security-Policy', async () => {
    for (const path of ['/console', '/console/', '/console/index.html']) {
      const response = await fetch(`${harness.url}${path}`);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.match(csp, /connect-src 'self'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
      assert.equal(response.headers.get('x-frame-options'), 'DENY');
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.match(await response.text(), /<script type="module" src="\/console\/app\.js"><\/script>/);
    }
  });

  test('every file is served with its type; nothing else is', async () => {
    const types: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', svg: 'image/svg+xml' };
    for (const name of readdirSync(ASSETS).filter((n) => !n.endsWith('.html'))) {
      const response = await fetch(`${harness.url}/console/${name}`);
      assert.equal(response.status, 200, name);
      assert.equal(response.headers.get('content-type'), types[name.split('.').pop()!], name);
      assert.equal(await response.text(), readFileSync(new URL(name, ASSETS), 'utf8'));
    }
    for (const path of ['/console/nope.js', '/console/..%2Fhttp%2Fserver.ts', '/console/%2e%2e%2fpackage.json']) {
      assert.equal((await fetch(`${harness.url}${path}`)).status, 404, path);
    }
  });

  test('no inline code anywhere: no inline scripts, styles or handlers, no outside URLs', () => {
    for (const name of readdirSync(ASSETS)) {
      const text = readFileSync(new URL(name, ASSETS), 'utf8');
      assert.doesNotMatch(text, /<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=|innerHTML|eval\(|new Function/, name);
      assert.doesNotMatch(text.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, ''), /https?:\/\//, name);
      assert.doesNotMatch(text, /localStorage\s*[.[]/, name);
    }
  });
});
