/**
 * What a transaction does once it is durably committed, and only then (SqlSession.afterCommit).
 * Each engine keeps one per transaction (a SQLite batch, a PostgreSQL attempt) and guards every
 * savepoint with it: whatever a savepoint's work registered is forgotten when that work throws, even
 * when the error keeps its writes, because PostgreSQL cannot always keep them. Forgetting is the safe
 * side: what a hook would have done must also happen without it (a message handed to the dispatcher
 * is delivered anyway once its lease runs out), whereas a hook run for undone writes cannot be undone.
 * Hooks must not throw: the commit stands whatever they do, and nobody is left to tell.
 */
export class AfterCommit {
  private hooks: (() => void)[] = [];

  add(hook: () => void): void {
    this.hooks.push(hook);
  }

  /** Runs a savepoint's `work`; if it throws, what it registered is forgotten. */
  async guard<T>(work: () => Promise<T>): Promise<T> {
    const mark = this.hooks.length;
    try {
      return await work();
    } catch (error) {
      this.hooks.length = mark;
      throw error;
    }
  }

  /** The hooks registered so far, which the caller runs after the commit, or drops; the list starts empty again. */
  take(): (() => void)[] {
    const hooks = this.hooks;
    this.hooks = [];
    return hooks;
  }
}
