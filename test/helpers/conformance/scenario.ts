import type { World } from './world.js';

/**
 * How to call one Action successfully: the scenario calls it through `w.call` once or more (one
 * call per response form worth checking: with and without `IncludeTags`, a `DryRun` and the real
 * call, as the manager and as the invitee). Every answer of that Action is checked against its
 * documented schema; calls of other Actions a scenario makes to set itself up are not.
 */
export type Scenario = (w: World) => Promise<unknown>;

/** One area's scenarios, by Action name. */
export type Scenarios = Readonly<Record<string, Scenario>>;
