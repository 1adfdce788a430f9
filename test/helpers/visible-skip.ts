import { describe, test } from 'node:test';

type SuiteOptions = { readonly skip?: string | false; readonly timeout?: number };

/**
 * `describe`, or, when `options.skip` gives a reason, a skipped test of the same title in its place.
 * Node 20 reports a skipped suite in its TAP output but counts it in no line of the summary, so a
 * suite skipped for want of PostgreSQL would vanish from "# skipped"; a skipped test is counted.
 */
export function describeUnlessSkipped(title: string, options: SuiteOptions, body: () => void): void {
  if (options.skip) {
    test(title, { skip: options.skip });
    return;
  }
  describe(title, { timeout: options.timeout }, body);
}
