import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { type ApiVersion, isApiVersion, PRODUCT } from '../actions/action.js';
import type { Registry } from '../actions/index.js';
import type { Services } from '../actions/services.js';
import { ApiError } from '../errors/api-error.js';
import type { Clock } from '../domain/clock.js';
import { CommitOutcomeUnknown, StoreUnavailable } from '../domain/store.js';
import type { FaultInjector } from './faults.js';
import type { ParamLimits } from './params.js';
import type { RequestStore } from './ports.js';
import { renderError, renderSuccess, type Format, type RpcResponse } from './render.js';
import { checkTimestamp, parseSignedRequest, readParams, type RpcRequest } from './signed-request.js';

export interface PipelineDeps {
  readonly actions: Registry;
  readonly services: Services;
  readonly store: RequestStore;
  /** Real time, for timestamps and nonces; the emulator clock only moves domain time. */
  readonly wallClock: Clock;
  readonly limits: ParamLimits & { readonly timestampWindowSeconds: number; readonly maxBodyBytes: number };
  readonly hostId: string;
  readonly log: Logger;
  /** Emulator fault injection; absent in production mode. */
  readonly faults?: FaultInjector;
}

type Outcome = { ok: true; result: Record<string, unknown> } | { ok: false; error: unknown };

/**
 * One RPC request, top to bottom: decode, identify the scheme, Version and Action, timestamp window,
 * then in one transaction: AccessKey, signature, nonce, the action. The nonce is kept even when the
 * action refuses the request, so a refused request cannot be replayed later into success.
 */
export async function handleRpc(deps: PipelineDeps, request: RpcRequest): Promise<RpcResponse> {
  const started = process.hrtime.bigint();
  const requestId = randomUUID().toUpperCase();
  let format: Format = 'JSON';
  let action = '-';
  let version: ApiVersion | undefined;
  let accessKeyId: string | undefined;
  let outcome: Outcome;
  try {
    const { params, query } = readParams(request, deps.limits);
    const signed = parseSignedRequest(request, params, query);
    format = signed.format;
    action = signed.action;
    accessKeyId = signed.accessKeyId;
    if (!isApiVersion(signed.version)) throw new ApiError('InvalidVersion');
    const apiVersion = signed.version;
    version = apiVersion;
    const handler = deps.actions.get(apiVersion)?.get(signed.action);
    if (!handler) throw new ApiError('InvalidAction.NotFound');
    const now = deps.wallClock.now();
    checkTimestamp(signed.timestamp, now, deps.limits.timestampWindowSeconds);

    outcome = await deps.store.transaction(async (tx): Promise<Outcome> => {
      const key = await tx.accessKeys.get(signed.accessKeyId);
      if (!key) throw new ApiError('InvalidAccessKeyId.NotFound');
      const mismatch = signed.mismatch(key.secret);
      if (mismatch !== undefined) throw new ApiError('SignatureDoesNotMatch', { args: [mismatch] });
      const nonceExpiry = new Date(Math.max(now.getTime(), Date.parse(signed.timestamp)) + deps.limits.timestampWindowSeconds * 1000);
      if (!(await tx.nonces.claim(key.id, signed.nonce, nonceExpiry))) throw new ApiError('SignatureNonceUsed');
      const account = await tx.accounts.get(key.accountId);
      if (!account) throw new Error(`AccessKey ${key.id} belongs to a missing account`);
      const caller = { ...account, ramUser: key.ramUser };
      const fault = deps.faults?.take(signed.action, caller.id);
      if (fault) return { ok: false, error: new ApiError(fault.code, { args: fault.args }) };
      try {
        return {
          ok: true,
          result: await tx.savepoint(() => handler.run({ tx, caller, version: apiVersion, services: deps.services }, signed.params)),
        };
      } catch (error) {
        // A refusal keeps the nonce. Anything else (a conflict with another instance, a lost
        // database) fails the whole transaction, which the store may run again.
        if (error instanceof ApiError) return { ok: false, error };
        throw error;
      }
    });
  } catch (error) {
    outcome = { ok: false, error };
  }

  const error = outcome.ok ? undefined : toApiError(outcome.error, requestId, deps.log);
  const response = error
    ? renderError(requestId, deps.hostId, format, error, {
        version,
        action,
        product: version && PRODUCT[version],
      })
    : renderSuccess(requestId, action, format, (outcome as { result: Record<string, unknown> }).result);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  deps.log.info({ requestId, action, version, accessKeyId, status: response.status, code: error?.code, ms }, 'rpc');
  return response;
}

/** Anything that is not an ApiError is ours: log the cause with the RequestId, show the client a code. */
function toApiError(error: unknown, requestId: string, log: Logger): ApiError {
  if (error instanceof ApiError) return error;
  // The store could not take the work now (locked, unreachable, or it threw the batch away), or
  // lost the connection during COMMIT, when nobody knows whether the work was kept.
  const busy = error instanceof StoreUnavailable;
  log.error({ requestId, err: error }, busy ? 'store busy' : 'internal error');
  if (error instanceof CommitOutcomeUnknown) return new ApiError('ServiceUnavailable.OutcomeUnknown');
  return new ApiError(busy ? 'ServiceUnavailable' : 'InternalError');
}
