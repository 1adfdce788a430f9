// Round trips to PostgreSQL per send, counted by the server itself (canopy_store_round_trips_total
// on /_canopy/metrics), never estimated.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AccessKey, callRpc, PHONE } from './canopy-api.js';

const SEND = 'SendVerificationCodeForEnableRD';

export interface Counters {
  readonly roundTrips: number;
  /** Sends answered, whatever the answer. */
  readonly sends: number;
}

/** The counters as the instance reports them now (the bench runs it without an admin token, on loopback). */
export async function counters(port: number): Promise<Counters> {
  const response = await fetch(`http://127.0.0.1:${port}/_canopy/metrics`);
  const text = await response.text();
  const match = /^canopy_store_round_trips_total (\S+)$/m.exec(text);
  if (!response.ok || !match) throw new Error(`no canopy_store_round_trips_total on :${port}/_canopy/metrics (${response.status})`);
  let sends = 0;
  for (const line of text.matchAll(/^canopy_rpc_requests_total\{([^}]*)\} (\S+)$/gm))
    if (line[1]!.includes(`action="${SEND}"`)) sends += Number(line[2]);
  return { roundTrips: Number(match[1]), sends };
}

export const roundTrips = async (port: number) => (await counters(port)).roundTrips;

/** Sums of the counters over instances. */
export async function countersOf(ports: readonly number[]): Promise<Counters> {
  const each = await Promise.all(ports.map(counters));
  return { roundTrips: each.reduce((n, c) => n + c.roundTrips, 0), sends: each.reduce((n, c) => n + c.sends, 0) };
}

/** Round trips per send between two readings, under load: the delivery dispatcher's included. */
export const perSend = (before: Counters, after: Counters) => (after.roundTrips - before.roundTrips) / (after.sends - before.sends);

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * An SMS provider that takes every message and never answers, for an instance whose round trips
 * are counted per send: each server hands the messages it queues to its own dispatcher at once, and
 * the dispatcher's transaction recording the delivery would fall inside the count. Parked at this
 * provider (for `sendTimeoutMs`, which the instance is given), the deliveries record nothing during
 * the count. `env` is the instance's; `close` cuts the parked deliveries off (they fail, and are retried later).
 */
export async function parkedProvider(): Promise<{ env: Record<string, string>; close(): Promise<void> }> {
  const server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    env: {
      CANOPY_SMS_SENDERS: 'webhook',
      CANOPY_SMS_WEBHOOK_URL: `http://127.0.0.1:${port}/sms`,
      CANOPY_SMS_WEBHOOK_SECRET: 'bench-parked-provider-secret-0123456789',
      CANOPY_SMS_SEND_TIMEOUT_MS: '1000',
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Round trips of one send on a quiet instance: the counter read around single sends, less the
 * counter read around nothing (a scrape reads the outbox gauges from the store too). Medians of
 * `samples`, so that a poll of the delivery dispatcher falling between two reads does not count.
 */
export async function roundTripsPerSendQuiet(port: number, keys: readonly AccessKey[], samples = 21): Promise<number> {
  const idle: number[] = [];
  const send: number[] = [];
  for (let i = 0; i < samples; i++) {
    const before = await roundTrips(port);
    idle.push((await roundTrips(port)) - before);
    const start = await roundTrips(port);
    const response = await callRpc(port, SEND, { SecureMobilePhone: PHONE }, keys[i % keys.length]!);
    if (response.status !== 200) throw new Error(`round-trip probe: ${SEND} answered ${response.status} ${response.body}`);
    send.push((await roundTrips(port)) - start);
  }
  return median(send) - median(idle);
}
