import type { OffsetClock } from '../clock.js';
import type { DomainStores, UnitOfWork } from '../store.js';

/** The emulator clock as kept with the data: its offset, and a version that every change raises. */
export interface ClockState {
  readonly offsetMs: number;
  readonly version: number;
}

/**
 * Where the clock lives: the store's settings, so restarts and every process of one store agree.
 * Changes are single statements on the kept values, so concurrent advances on several processes
 * all count, and each raises the version.
 */
export interface EmulatorClockStore {
  read(): Promise<ClockState>;
  /** Reads it with the transaction's next statement; `observe` has it before that statement answers. */
  readWithNext(observe: (state: ClockState) => void): void;
  advance(ms: number): Promise<ClockState>;
  reset(): Promise<ClockState>;
}

/**
 * The emulator's controllable clock: the domain clock's offset, kept with the data. Every transaction
 * takes the offset as committed in the store before its work runs (`follow`), so a clock moved by
 * one process holds for the next request on any other process, at once. Production mode never moves
 * the clock: its offset stays 0 and is never read.
 */
export class EmulatorClock {
  /** The newest version taken; an older one read late by a concurrent transaction never wins. */
  #version = -1;

  constructor(
    readonly clock: OffsetClock,
    private readonly store: UnitOfWork,
    private readonly enabled: boolean,
  ) {}

  /** Takes the kept offset inside the caller's transaction (one small read, emulator mode only). */
  async follow(tx: DomainStores): Promise<void> {
    if (this.enabled) this.observe(await tx.emulatorClock.read());
  }

  /**
   * As `follow`, without a round trip of its own: the offset is read with the transaction's next
   * statement and taken before that statement answers. Only for work that reads the domain clock
   * after its first statement, never before (the RPC pipeline: the key lookup comes first).
   */
  followWithNext(tx: DomainStores): void {
    if (this.enabled) tx.emulatorClock.readWithNext((state) => this.observe(state));
  }

  /** Takes the kept offset in a transaction of its own. */
  load(): Promise<void> {
    return this.enabled ? this.store.transaction((tx) => this.follow(tx)) : Promise.resolve();
  }

  async advance(seconds: number): Promise<void> {
    this.observe(await this.store.transaction((tx) => tx.emulatorClock.advance(seconds * 1000)));
  }

  async reset(): Promise<void> {
    this.observe(await this.store.transaction((tx) => tx.emulatorClock.reset()));
  }

  private observe(state: ClockState): void {
    if (state.version <= this.#version) return;
    this.#version = state.version;
    this.clock.offsetMs = state.offsetMs;
  }
}
