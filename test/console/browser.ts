import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium; .ci/run installs it when missing. */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumSkip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed`;

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'artifacts', 'console');

/** Headless chromium with a fresh temporary profile (launch() makes one), talking to nothing but the test's server. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Everything a page reports that a person would see as broken: uncaught exceptions, console errors
 * (CSP violations among them), and requests to anything but the server. A 4xx answer of a call the
 * test provokes on purpose is logged by Chromium as "Failed to load resource"; those are listed
 * separately so a test can allow exactly the ones it expects.
 */
export interface PageWatch {
  readonly errors: string[];
  readonly refusedLoads: string[];
  readonly foreign: string[];
}

export function watch(page: Page, origin: string): PageWatch {
  const seen: PageWatch = { errors: [], refusedLoads: [], foreign: [] };
  page.on('pageerror', (error) => seen.errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) seen.refusedLoads.push(text);
    else seen.errors.push(text);
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) seen.foreign.push(request.url());
  });
  return seen;
}

export function assertClean(seen: PageWatch, allowedRefusals = 0): void {
  assert.deepEqual(seen.errors, [], 'no console errors');
  assert.deepEqual(seen.foreign, [], 'no requests outside Canopy');
  assert.ok(seen.refusedLoads.length <= allowedRefusals, `unexpected refused loads: ${seen.refusedLoads.join('; ')}`);
}

export async function newPage(context: BrowserContext, origin: string): Promise<{ page: Page; seen: PageWatch }> {
  const page = await context.newPage();
  // A busy machine: generous deadlines, and every step waits for a condition, never for a time.
  page.setDefaultTimeout(60_000);
  page.setDefaultNavigationTimeout(60_000);
  return { page, seen: watch(page, origin) };
}

/** Desktop (1280x800) and phone (390x844) screenshots, for a person to look at (artifacts/ is not committed). */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const before = page.viewportSize();
  for (const [width, height, label] of [
    [1280, 800, 'desktop'],
    [390, 844, 'phone'],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${label}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}
