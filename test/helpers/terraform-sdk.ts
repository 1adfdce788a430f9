import { isDeepStrictEqual } from 'node:util';
import type { Harness } from './harness.js';
import { ProviderPanic } from './terraform-wire.js';

/**
 * The parts of terraform-plugin-sdk v1.17.2 the provider's Resource Directory code leans on:
 * `resource.Retry`, `StateChangeConf.WaitForState` (through the provider's BuildStateConf) and a
 * small `schema.ResourceData`. Every sleep moves Canopy's emulator clock instead of waiting, so a
 * replay takes the provider's time on the server's clock and none on the test's.
 */

/** The provider's sense of time: elapsed milliseconds, with whole seconds pushed to the emulator clock. */
export class ProviderTime {
  private elapsedMs = 0;
  private unsentMs = 0;
  constructor(private readonly harness: Harness) {}

  get elapsed(): number {
    return this.elapsedMs;
  }

  async sleep(ms: number): Promise<void> {
    this.elapsedMs += ms;
    this.unsentMs += ms;
    const seconds = Math.floor(this.unsentMs / 1000);
    if (seconds > 0) {
      this.unsentMs -= seconds * 1000;
      await this.harness.advanceClock(seconds);
    }
  }
}

/** common.go incrementalWait: the first call sleeps `first`, every later one `inc` (the sleep does not grow). */
export function incrementalWait(time: ProviderTime, firstSeconds: number, incSeconds: number): () => Promise<void> {
  let count = 1;
  return () => time.sleep((count++ === 1 ? firstSeconds : incSeconds) * 1000);
}

export type RetryOutcome = { ok: true } | { retryable: unknown } | { nonRetryable: unknown };

/** The usual body of a provider retry: call, then decide by the error. */
export const retryable = (err: unknown): RetryOutcome => ({ retryable: err });
export const fatal = (err: unknown): RetryOutcome => ({ nonRetryable: err });
export const OK: RetryOutcome = { ok: true };

/** A timeout of `resource.Retry` or `WaitForState`, carrying the last error or state. */
export class TimeoutError extends Error {
  constructor(
    message: string,
    readonly lastError?: unknown,
    readonly lastState?: string,
  ) {
    super(message);
    this.name = 'TimeoutError';
  }
}

/**
 * resource.Retry(timeout, f): StateChangeConf with MinTimeout 500 ms, so the pauses between attempts
 * are 0.5, 1, 2, 4, 8, then 10 s. A non-retryable error ends it at once; on timeout the last
 * retryable error is returned, which is what the callers' code checks look at.
 */
export async function retry(time: ProviderTime, timeoutMs: number, f: () => Promise<RetryOutcome>): Promise<void> {
  const start = time.elapsed;
  let pause = 0;
  let lastError: unknown;
  for (;;) {
    const outcome = await f();
    if ('ok' in outcome) return;
    if ('nonRetryable' in outcome) throw outcome.nonRetryable;
    lastError = outcome.retryable;
    pause = Math.min(Math.max(pause * 2, 500), 10_000);
    if (time.elapsed - start + pause >= timeoutMs) throw lastError ?? new TimeoutError('resource.Retry timed out');
    await time.sleep(pause);
  }
}

/** A StateRefreshFunc's answer; `result: undefined` is Go's untyped nil (the not-found counter applies). */
export interface Refreshed {
  readonly result: unknown;
  readonly state: string;
}

/**
 * common.go BuildStateConf(pending, target, timeout, delay, f), then WaitForState. Sleeps `delay`,
 * refreshes, then pauses 3, 6, 10, 10… s (MinTimeout 3 s, capped at 10 s). With an empty pending
 * list (every Resource Directory use) a state outside the targets simply keeps it polling; a refresh
 * error ends it with that error; 20 untyped-nil results in a row end it as not found.
 */
export async function waitForState(
  time: ProviderTime,
  conf: { pending: readonly string[]; target: readonly string[]; timeoutMs: number; delayMs: number; refresh: () => Promise<Refreshed> },
): Promise<Refreshed & { polls: number }> {
  const start = time.elapsed;
  await time.sleep(conf.delayMs);
  let pause = 0;
  let notFound = 0;
  let polls = 0;
  let last: Refreshed = { result: undefined, state: '' };
  for (;;) {
    if (time.elapsed - start >= conf.timeoutMs) {
      throw new TimeoutError(
        `timeout while waiting for state to become '${conf.target.join(', ')}' (last state: '${last.state}')`,
        undefined,
        last.state,
      );
    }
    polls++;
    last = await conf.refresh();
    if (last.result === undefined) {
      if (++notFound > 20) throw new TimeoutError(`couldn't find resource (21 retries)`, undefined, last.state);
    } else {
      notFound = 0;
      if (conf.target.includes(last.state)) return { ...last, polls };
      if (conf.pending.length > 0 && !conf.pending.includes(last.state)) throw new Error(`unexpected state '${last.state}'`);
    }
    pause = Math.min(Math.max((pause || 100) * 2, 3000), 10_000);
    await time.sleep(pause);
  }
}

/** The kinds of attribute the replayed schemas hold, for the zero values `d.Set(key, nil)` leaves. */
export type AttributeKind = 'string' | 'bool' | 'map' | 'list';

/**
 * An attribute of a replayed schema: its kind, with `?` when it is Computed (alone or with Optional),
 * so that leaving it out of the configuration keeps the state's value; a plain Optional or Required
 * attribute left out is planned as its zero value, as Terraform plans it.
 */
export type AttributeSpec = AttributeKind | `${AttributeKind}?`;

/** A fresh zero value each time, so no caller can change another's. */
const zero = (kind: AttributeKind): unknown => ({ string: '', bool: false, map: {}, list: [] })[kind];

/** What strconv.ParseBool takes: the SDK weak-decodes a string into a bool attribute this way (AllowDelete is a string). */
const PARSE_BOOL = /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/;

/**
 * schema.ResourceData, reduced to what the replays need: the prior state, the configuration being
 * applied (the whole configuration of the resource, as Terraform plans it), `HasChange` between
 * them, `d.Set` from a Read, the ID, and `IsNewResource`. Timeouts are the resource's (5 minutes)
 * unless given. `d.Set` is stricter than the SDK's weak decoding on purpose: the API documents
 * every field the provider copies into a string attribute as a string, so a number or a boolean
 * there is a Canopy bug even where mapstructure would let it through.
 */
export class ResourceData {
  id: string;
  isNew = false;
  private readonly set: Record<string, unknown> = {};

  constructor(
    private readonly schema: Readonly<Record<string, AttributeSpec>>,
    private readonly state: Readonly<Record<string, unknown>> = {},
    private readonly config: Readonly<Record<string, unknown>> = {},
    id = '',
    readonly timeoutMs = 5 * 60_000,
  ) {
    this.id = id;
  }

  /** A refresh or an import: Read with the prior state as the whole picture (nothing planned). */
  static refresh(schema: Readonly<Record<string, AttributeSpec>>, id: string, state: Readonly<Record<string, unknown>> = {}): ResourceData {
    return new ResourceData(schema, state, state, id);
  }

  private spec(key: string): { kind: AttributeKind; computed: boolean } {
    const spec = this.schema[key];
    if (!spec) throw new Error(`attribute ${key} is not in the replayed schema`);
    return { kind: spec.replace('?', '') as AttributeKind, computed: spec.endsWith('?') };
  }

  /** The planned value: the configuration's, else the state's for a computed attribute, else zero. */
  private planned(key: string): unknown {
    const { kind, computed } = this.spec(key);
    if (Object.hasOwn(this.config, key)) return this.config[key] ?? zero(kind);
    return computed ? (this.state[key] ?? zero(kind)) : zero(kind);
  }

  get(key: string): any {
    return Object.hasOwn(this.set, key) ? this.set[key] : this.planned(key);
  }

  /** d.GetOk: the value, and whether it is set to something other than its zero value. */
  getOk(key: string): [any, boolean] {
    const value = this.get(key);
    return [value, !isDeepStrictEqual(value, zero(this.spec(key).kind))];
  }

  hasChange(key: string): boolean {
    const [before, after] = this.getChange(key);
    return !isDeepStrictEqual(before, after);
  }

  /** The attributes a plan would change: after an apply and its Read, none may (else Terraform plans again, forever). */
  changes(): string[] {
    return Object.keys(this.schema).filter((key) => this.hasChange(key));
  }

  /** The old and new values of an attribute, as d.GetChange gives them. */
  getChange(key: string): [any, any] {
    return [this.state[key] ?? zero(this.spec(key).kind), this.planned(key)];
  }

  /** d.Set: nil becomes the zero value; a value of the wrong type is refused (see above). */
  setAttr(key: string, value: unknown): void {
    const { kind } = this.spec(key);
    if (value === null || value === undefined) {
      this.set[key] = zero(kind);
      return;
    }
    const ok =
      kind === 'string'
        ? typeof value === 'string'
        : kind === 'bool'
          ? typeof value === 'boolean' || (typeof value === 'string' && PARSE_BOOL.test(value))
          : kind === 'map'
            ? typeof value === 'object' && !Array.isArray(value)
            : Array.isArray(value);
    if (!ok) throw new ProviderPanic(`d.Set(${key}): ${JSON.stringify(value)} is not a ${kind}`);
    this.set[key] = value;
  }

  /** What Terraform records after the operation: '' as ID means "removed from state". */
  result(): { id: string; state: Record<string, unknown> } {
    const state: Record<string, unknown> = {};
    for (const key of Object.keys(this.schema)) {
      if (Object.hasOwn(this.set, key) || Object.hasOwn(this.config, key) || Object.hasOwn(this.state, key)) state[key] = this.get(key);
    }
    return { id: this.id, state };
  }
}
