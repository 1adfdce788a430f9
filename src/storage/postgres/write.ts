import pg, { type PoolClient, type QueryResult } from 'pg';
import { prepareValue } from 'pg/lib/utils.js';

/** One statement as it goes to the server: its text and its parameters. */
export interface Statement {
  readonly text: string;
  readonly values: readonly unknown[] | undefined;
}

/** The protocol messages a write is made of, as pg's connection writes them. */
interface Wire {
  close(message: { type: 'S'; name: string }): void;
  parse(message: { name: string; text: string }): void;
  bind(message: { statement: string; values: readonly (string | Buffer | null)[] }): void;
  describe(message: { type: 'P'; name: string }): void;
  execute(message: { portal: string; rows: number }): void;
  sync(): void;
}

const NO_VALUES: readonly (string | Buffer | null)[] = [];

/**
 * The statements of one write as one pg Query: each parsed if this connection has not parsed it yet,
 * then bound, described and run, and one Sync at the end. PostgreSQL answers the write once (one
 * ReadyForQuery, as pg's pipeline mode expects of a Query) instead of once per statement: against a
 * Sync per statement, a send took 0.91 x the server's CPU and 0.93 x PostgreSQL's (`bench/floor.ts
 * pg-send` with the build before as its baseline, docs/development.md, "Profiling"). After a
 * failure PostgreSQL skips everything up to the Sync, COMMIT included, and pg hands the error to the
 * callback; otherwise the callback gets one result per statement, as pg collects them for a
 * multi-statement query.
 */
export class Write extends pg.Query {
  /** Each statement's parameters as pg serializes them: done before anything is written, so a value pg cannot send fails the write whole. */
  private readonly bound: (readonly (string | Buffer | null)[])[];
  /** Names this write parses: if it fails, nobody knows which of them PostgreSQL kept, so the connection forgets them all. */
  private readonly parsedHere: string[];

  constructor(
    private readonly statements: readonly Statement[],
    private readonly names: StatementNames,
    /** The names this connection has parsed. */
    private readonly parsedOn: Set<string>,
    callback: (error: Error | null | undefined, results: QueryResult | QueryResult[]) => void,
  ) {
    const parsedHere: string[] = [];
    // pg answers with a null error, not the undefined its types say.
    super('one write of a transaction', undefined, ((error: Error | null | undefined, results: QueryResult | QueryResult[]) => {
      if (error) for (const name of parsedHere) parsedOn.delete(name);
      callback(error, results);
    }) as (error: Error | undefined, result: QueryResult) => void);
    this.parsedHere = parsedHere;
    this.bound = statements.map(({ values }) => (values === undefined ? NO_VALUES : values.map(prepareValue)));
  }

  /** pg writes the messages of a Query that needs preparation through prepare(), corked into one socket write. */
  requiresPreparation(): boolean {
    return true;
  }

  prepare(wire: Wire): void {
    for (const [index, { text }] of this.statements.entries()) {
      const name = this.names.of(text) ?? '';
      if (name === '') {
        wire.parse({ name, text });
      } else if (!this.parsedOn.has(name)) {
        // A failed write may have left this name parsed on the server or not; PostgreSQL accepts
        // the Close of a name it does not hold, and then the Parse cannot collide.
        wire.close({ type: 'S', name });
        wire.parse({ name, text });
        this.parsedOn.add(name);
        this.parsedHere.push(name);
      }
      wire.bind({ statement: name, values: this.bound[index]! });
      wire.describe({ type: 'P', name: '' });
      wire.execute({ portal: '', rows: 0 });
    }
    wire.sync();
  }
}

/** Distinct statement texts prepared by name; the static ones number under a hundred, the rest vary with list filters. */
const MAX_PREPARED = 500;

/**
 * Names for statement texts, shared by the connections of one pool: a statement sent with a name
 * is parsed and planned once per connection, then only bound and run (PostgreSQL's CPU was a large
 * part of a send). Texts beyond the limit go unnamed, so a connection never holds more than it.
 */
export class StatementNames {
  private readonly names = new Map<string, string>();
  /** The names each connection has parsed: a connection's prepared statements live as long as it does. */
  private readonly parsed = new WeakMap<PoolClient, Set<string>>();

  parsedOn(client: PoolClient): Set<string> {
    const known = this.parsed.get(client);
    if (known !== undefined) return known;
    const names = new Set<string>();
    this.parsed.set(client, names);
    return names;
  }

  of(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= MAX_PREPARED) return known;
    const name = `canopy_${this.names.size}`;
    this.names.set(text, name);
    return name;
  }
}
