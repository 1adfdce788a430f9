import type { Logger } from 'pino';
import { type Action, type ApiVersion, isApiVersion, PRODUCT } from '../actions/action.js';
import type { Registry } from '../actions/index.js';
import type { Services } from '../actions/services.js';
import { ApiError } from '../errors/api-error.js';
import type { Caller } from '../domain/accounts/account.js';
import type { Clock } from '../domain/clock.js';
import type { ControlPolicyGuard } from '../domain/policies/guard.js';
import { CommitOutcomeUnknown, StoreUnavailable } from '../domain/store.js';
import type { FaultInjector } from './faults.js';
import { type ParamLimits, refuseNonXmlCharacters } from './params.js';
import { audit, newRequestId } from '../observability/audit.js';
import type { RequestMetrics, RequestStore } from './ports.js';
import type { ReadNonces } from './read-nonces.js';
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
  readonly metrics: RequestMetrics;
  /** Control policies on what RAM users of member accounts may call. */
  readonly guard: ControlPolicyGuard;
}

type Outcome = { ok: true; result: Record<string, unknown> } | { ok: false; error: unknown };

/**
 * One RPC request, top to bottom: decode, identify the scheme, Version and Action, timestamp window,
 * then in one transaction: AccessKey, signature, nonce, control policies, the action. The nonce is kept even when the
 * action refuses the request, so a refused request cannot be replayed later into success. A write's
 * nonce is kept in the store; a read's in `readNonces`, this process's memory (see read-nonces.ts).
 */
export async function handleRpc(deps: PipelineDeps, request: RpcRequest, readNonces: ReadNonces): Promise<RpcResponse> {
  const started = process.hrtime.bigint();
  const requestId = newRequestId();
  let format: Format = 'JSON';
  let action = '-';
  let version: ApiVersion | undefined;
  let accessKeyId: string | undefined;
  let handler: Action | undefined;
  let caller: Caller | undefined;
  let dryRun = false;
  let outcome: Outcome;
  try {
    const { params, query } = readParams(request, deps.limits);
    const signed = parseSignedRequest(request, params, query);
    format = signed.format;
    action = signed.action;
    accessKeyId = signed.accessKeyId;
    refuseNonXmlCharacters(signed.params);
    if (!isApiVersion(signed.version)) throw new ApiError('InvalidVersion');
    const apiVersion = signed.version;
    version = apiVersion;
    handler = deps.actions.get(apiVersion)?.get(signed.action);
    if (!handler) throw new ApiError('InvalidAction.NotFound');
    const run = handler;
    dryRun = signed.params['DryRun']?.toLowerCase() === 'true';
    const now = deps.wallClock.now();
    const signedAt = checkTimestamp(signed.timestamp, now, deps.limits.timestampWindowSeconds);
    const nonceExpiry = new Date(Math.max(now.getTime(), signedAt.getTime()) + deps.limits.timestampWindowSeconds * 1000);

    let readClaim: ReturnType<ReadNonces['claim']> | undefined;
    let keyId: string | undefined;
    outcome = await deps.store
      .transaction(async (tx): Promise<Outcome> => {
        const found = await deps.services.accounts.signer(tx, signed.accessKeyId);
        // Answered, not thrown: a member deletion the lookup completed is kept.
        if (!found) return { ok: false, error: new ApiError('InvalidAccessKeyId.NotFound') };
        const { key, caller: signer } = found;
        keyId = key.id;
        const mismatch = signed.mismatch(key.secret);
        if (mismatch !== undefined) throw new ApiError('SignatureDoesNotMatch', { args: [mismatch] });
        // A read keeps its nonce in this process (read-nonces.ts) unless that is full; a write in the
        // store, within this transaction, after checking that no read here used it. A store that runs
        // the work again finds the read's nonce already taken by this very request.
        if (!run.mutates && readClaim === undefined) readClaim = readNonces.claim(key.id, signed.nonce, nonceExpiry, now);
        if (readClaim === 'used' || (run.mutates && readNonces.used(key.id, signed.nonce, now))) throw new ApiError('SignatureNonceUsed');
        // The store's claim travels with the Action's first statement (one round trip fewer on
        // PostgreSQL), so the Action runs before its answer is known: a replay found afterwards
        // undoes everything the Action did, and answers SignatureNonceUsed as if it had never run.
        const claim = readClaim === 'claimed' ? undefined : tx.nonces.claim(key.id, signed.nonce, signedAt, nonceExpiry);
        const replayed = async () => claim !== undefined && !(await claim.value());
        caller = signer;
        // Faults change state outside the store: a replay must not use one up.
        if (deps.faults?.list().length && (await replayed())) throw new ApiError('SignatureNonceUsed');
        const fault = deps.faults?.take(signed.action, signer.id);
        if (fault) return { ok: false, error: new ApiError(fault.code, { args: fault.args }) };
        try {
          const guarded = Object.assign({}, run.ram, { params: signed.params, accessKeyId: key.id, client: request.client });
          return {
            ok: true,
            result: await tx.savepoint(async () => {
              await deps.guard.check(tx, signer, guarded);
              const result = await run.run({ tx, caller: signer, version: apiVersion, services: deps.services }, signed.params);
              if (await replayed()) throw new ApiError('SignatureNonceUsed');
              return result;
            }),
          };
        } catch (error) {
          // A refusal keeps the nonce, unless the nonce was a replay: then nothing is kept. Anything
          // else (a conflict with another instance, a lost database) fails the whole transaction,
          // which the store may run again.
          if (!(error instanceof ApiError)) throw error;
          if (await replayed()) throw new ApiError('SignatureNonceUsed');
          return { ok: false, error };
        }
      })
      .catch((error: unknown) => {
        // Nothing of the request was kept: its nonce is free again, as a write's is when its transaction fails.
        if (readClaim === 'claimed') readNonces.release(keyId!, signed.nonce);
        throw error;
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
  const { status } = response;
  deps.log.info({ requestId, action, version, accessKeyId, status, code: error?.code, ms }, 'rpc');
  deps.metrics.request({ action, status, code: error?.code, seconds: ms / 1000, sent: error ? undefined : handler?.sends });
  // A change, or an attempt at one, whatever stopped it: the signature, the nonce, the Action's own rules.
  if (handler?.mutates) {
    const who = { accessKeyId, accountId: caller?.id ?? null, ramUser: caller?.ramUser ?? null };
    audit(deps.log, { requestId, action, version, ...who, ...(dryRun ? { dryRun } : {}), status, outcome: error?.code ?? 'ok' });
  }
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
