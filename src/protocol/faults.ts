import type { ErrorCode } from '../errors/catalog.js';

/** A refusal the emulator answers instead of running an Action, for testing how clients handle it. */
export interface Fault {
  readonly action: string;
  readonly code: ErrorCode;
  /** Only calls by this account, when set. */
  readonly accountId: string | undefined;
  /** Values for the message's `%s` placeholders. */
  readonly args: readonly string[];
  remaining: number;
}

/**
 * Emulator fault injection. Some documented refusals depend on things Canopy does not model (billing
 * relationships, legal entities, trusted services); a test that must see one asks for it here. Kept
 * per process: in the emulator that is the whole service.
 */
export class FaultInjector {
  private faults: Fault[] = [];

  add(fault: Omit<Fault, 'remaining'> & { times: number }): void {
    const { times, ...rest } = fault;
    this.faults.push(Object.assign({}, rest, { remaining: times }));
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault for this call, used up by one; undefined when none applies. */
  take(action: string, accountId: string): Fault | undefined {
    const fault = this.faults.find((f) => f.action === action && (f.accountId === undefined || f.accountId === accountId));
    if (!fault) return undefined;
    if (--fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }
}
