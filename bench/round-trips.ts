// Round trips to PostgreSQL per send, counted by the server itself (canopy_store_round_trips_total
// on /_canopy/metrics), never estimated.
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
