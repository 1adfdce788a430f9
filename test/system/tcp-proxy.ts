import { createServer, connect, type Server, type Socket } from 'node:net';
import { freePort } from '../helpers/free-port.js';

/**
 * A loopback TCP proxy in front of PostgreSQL, so a test can cut every connection of a server (and
 * refuse new ones) without touching the database that other tests share, then let traffic through again.
 */
export interface TcpProxy {
  readonly port: number;
  /** Destroys every open connection and stops accepting new ones. */
  cut(): Promise<void>;
  /** Accepts connections again on the same port. */
  resume(): Promise<void>;
  /**
   * Loses the connection of the next COMMIT sent on a connection that has sent `marker` (a piece of
   * SQL) since its last COMMIT. `committed`: COMMIT reaches PostgreSQL and takes effect, and the
   * connection is cut before its answer gets back; `lost`: the connection is cut before COMMIT
   * reaches PostgreSQL, which then rolls the transaction back. Resolves once the fault happened.
   */
  failNextCommit(marker: string, fate: 'committed' | 'lost'): Promise<void>;
  /** Chunks the clients sent so far: one per write of theirs while the proxy keeps up, as it does between answers. */
  chunksFromClients(): number;
  close(): Promise<void>;
}

/**
 * Every statement is prepared by name (canopy_<n>, see tx-session.ts), COMMIT included: its SQL
 * travels only in the Parse message, the first time on each connection, and every run names the
 * statement in a Bind. The texts of every name seen, so that a Bind can be told by what it runs.
 */
class PreparedTexts {
  private readonly texts = new Map<string, string>();

  /** Remembers the names and texts of the Parse messages in the chunk. */
  see(chunk: Buffer): void {
    for (const match of chunk.toString('latin1').matchAll(/(canopy_\d+)\0([^\0]+)\0/g)) this.texts.set(match[1]!, match[2]!);
  }

  /** True when the chunk holds the marker, or names a prepared statement whose text holds it. */
  holds(chunk: Buffer, marker: string): boolean {
    return chunk.includes(marker) || this.names(chunk, (text) => text.includes(marker));
  }

  /** True when the chunk runs COMMIT. */
  commits(chunk: Buffer): boolean {
    return this.names(chunk, (text) => text === 'COMMIT');
  }

  private names(chunk: Buffer, matches: (text: string) => boolean): boolean {
    for (const [name, text] of this.texts) if (matches(text) && chunk.includes(`\0${name}\0`)) return true;
    return false;
  }
}

/** The CommandComplete message that answers COMMIT: 'C', int32 length 11, the tag, NUL. */
const COMMIT_DONE = Buffer.concat([Buffer.from('C'), Buffer.from([0, 0, 0, 11]), Buffer.from('COMMIT\0')]);

interface CommitFault {
  readonly marker: string;
  readonly fate: 'committed' | 'lost';
  readonly done: () => void;
}

export async function startProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let fault: CommitFault | undefined;
  const prepared = new PreparedTexts();
  let chunks = 0;

  const relay = (client: Socket) => {
    const upstream = connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    let marked = false;
    let swallowAnswer: (() => void) | undefined;
    client.on('data', (chunk: Buffer) => {
      chunks++;
      const armed = fault;
      prepared.see(chunk);
      if (armed && prepared.holds(chunk, armed.marker)) marked = true;
      const commits = prepared.commits(chunk);
      if (armed && marked && commits) {
        fault = undefined;
        if (armed.fate === 'lost') {
          client.destroy();
          upstream.destroy();
          return armed.done();
        }
        swallowAnswer = () => {
          client.destroy();
          upstream.destroy();
          armed.done();
        };
      } else if (commits) {
        marked = false;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      // The statements sent with COMMIT are answered one by one: cut once COMMIT's own answer came.
      if (swallowAnswer) return chunk.includes(COMMIT_DONE) ? swallowAnswer() : undefined;
      client.write(chunk);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer(relay);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });
  const failNextCommit = (marker: string, fate: 'committed' | 'lost') =>
    new Promise<void>((resolve) => {
      fault = { marker, fate, done: resolve };
    });

  await listen();
  return { port, cut: stop, resume: listen, failNextCommit, chunksFromClients: () => chunks, close: stop };
}
