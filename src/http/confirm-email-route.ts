import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import type { EmailChangeService, LinkOutcome } from '../domain/directory/email-change-service.js';
import { StoreUnavailable, type UnitOfWork } from '../domain/store.js';
import { CONFIRM_EMAIL_PATH, escapeHtml } from '../delivery/email-template.js';
import { audit, newRequestId } from '../observability/audit.js';
import { formOf, htmlPage as page, single } from './html-page.js';

export interface ConfirmEmailDeps {
  readonly store: UnitOfWork;
  readonly emailChanges: EmailChangeService;
  readonly log: Logger;
}

/** Every refusal a link can meet, as a page a person understands: never a 500 for a bad link. */
const REFUSALS: Record<Exclude<LinkOutcome['kind'], 'ready' | 'confirmed'>, [number, string, string]> = {
  unknown: [
    404,
    'This link is not valid',
    'Check that the whole link was opened. If a newer email was sent for this change, only its link works.',
  ],
  expired: [410, 'This link has expired', 'The management account of the directory can send a new email or start the change again.'],
  used: [410, 'This link has been used', 'The change was confirmed already; nothing more to do.'],
  cancelled: [410, 'This change was cancelled', 'The management account of the directory cancelled it; the login email stays as it was.'],
  taken: [
    409,
    'This address is taken',
    'The address has become the login name of another account, so it cannot be confirmed for this one.',
  ],
};

function answer(reply: FastifyReply, outcome: LinkOutcome, token: string) {
  if (outcome.kind === 'ready') {
    const { change } = outcome;
    return page(
      reply,
      200,
      'Confirm the new login email',
      `<p>Make <b>${escapeHtml(change.email)}</b> the login email of account ${escapeHtml(change.accountId)}?</p>
<form method="post" action="${CONFIRM_EMAIL_PATH.slice(1)}"><input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit">Confirm</button></form>
<p>Nothing changes until you press Confirm.</p>`,
    );
  }
  if (outcome.kind === 'confirmed') {
    const { change } = outcome;
    return page(
      reply,
      200,
      'Email confirmed',
      `<p><b>${escapeHtml(change.email)}</b> is now the login email of account ${escapeHtml(change.accountId)}.</p>`,
    );
  }
  const [status, title, text] = REFUSALS[outcome.kind];
  return page(reply, status, title, `<p>${escapeHtml(text)}</p>`);
}

/**
 * The link of a confirmation email. GET only shows what the link would do, with a Confirm button:
 * mail scanners that open links must not confirm anything. POST with the token confirms, once.
 * Outside the RPC pipeline: a person's browser calls it, unsigned, and gets HTML.
 */
export function registerConfirmEmailRoute(app: FastifyInstance, deps: ConfirmEmailDeps): void {
  const run = async (reply: FastifyReply, token: string | undefined, work: 'inspect' | 'confirm') => {
    const requestId = newRequestId();
    reply.header('x-canopy-request-id', requestId);
    // Pressing Confirm is a change: audited whatever comes of it. Never with the token.
    const audited = (outcome: string, change?: { id: string; accountId: string }) => {
      if (work === 'confirm')
        audit(deps.log, { requestId, route: `POST ${CONFIRM_EMAIL_PATH}`, accountId: change?.accountId, changeId: change?.id, outcome });
    };
    if (token === undefined) {
      audited('incomplete');
      return page(reply, 400, 'This link is incomplete', '<p>Open the whole link from the email.</p>');
    }
    try {
      const outcome = await deps.store.transaction((tx) => deps.emailChanges[work](tx, token));
      if (outcome.kind === 'confirmed') {
        deps.log.info({ requestId, changeId: outcome.change.id, accountId: outcome.change.accountId }, 'email change confirmed');
      }
      audited(outcome.kind === 'confirmed' ? 'ok' : outcome.kind, 'change' in outcome ? outcome.change : undefined);
      return answer(reply, outcome, token);
    } catch (error) {
      if (error instanceof StoreUnavailable) {
        audited('ServiceUnavailable');
        return page(reply, 503, 'Please try again', '<p>The service is briefly unavailable. Reload this page in a moment.</p>');
      }
      // The URL and body hold the token: neither is logged.
      deps.log.error({ err: error, requestId, route: CONFIRM_EMAIL_PATH }, 'confirmation page failed');
      audited('InternalError');
      return page(reply, 500, 'Something went wrong', '<p>The change was not confirmed. Please try again later.</p>');
    }
  };

  app.get(CONFIRM_EMAIL_PATH, async (request, reply) => run(reply, single(formOf(request, 'GET'), 'token'), 'inspect'));
  app.post(CONFIRM_EMAIL_PATH, async (request, reply) => run(reply, single(formOf(request, 'POST'), 'token'), 'confirm'));
}
