import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import type { ContactVerificationService } from '../domain/contacts/verification-service.js';
import { StoreUnavailable, type UnitOfWork } from '../domain/store.js';
import { escapeHtml, VERIFY_CONTACT_PATH } from '../delivery/email-template.js';
import { ApiError } from '../errors/api-error.js';
import { audit, newRequestId } from '../observability/audit.js';
import { formOf, htmlPage, single } from './html-page.js';

export interface VerifyContactDeps {
  readonly store: UnitOfWork;
  readonly contactVerification: ContactVerificationService;
  readonly log: Logger;
}

/** The form: the address and the code, filled in from the email's link; a person types what an SMS brought. */
function form(reply: FastifyReply, status: number, target: string, code: string, note = '') {
  return htmlPage(
    reply,
    status,
    'Confirm your contact details',
    `${note}<form method="post" action="${VERIFY_CONTACT_PATH.slice(1)}">
<label>Email address or phone number (<code>86-…</code>) <input name="target" value="${escapeHtml(target)}" required></label>
<label>Verification code <input name="code" value="${escapeHtml(code)}" inputmode="numeric" pattern="[0-9]{6}" required></label>
<button type="submit">Confirm</button></form>
<p>The address receives Resource Directory notices once it is confirmed.</p>`,
  );
}

/**
 * Where a message contact confirms an email address or phone number with the code sent to it
 * (SendEmailVerificationForMessageContact, SendPhoneVerificationForMessageContact). GET shows the
 * form and changes nothing (mail scanners open links); POST checks the code, once. Outside the RPC
 * pipeline: a person's browser calls it, unsigned, and gets HTML. Codes are never logged.
 */
export function registerVerifyContactRoute(app: FastifyInstance, deps: VerifyContactDeps): void {
  app.get(VERIFY_CONTACT_PATH, async (request, reply) => {
    const params = formOf(request, 'GET');
    return form(reply, 200, single(params, 'target') ?? '', single(params, 'code') ?? '');
  });

  app.post(VERIFY_CONTACT_PATH, async (request, reply) => {
    const params = formOf(request, 'POST');
    const target = single(params, 'target');
    const code = single(params, 'code');
    const requestId = newRequestId();
    reply.header('x-canopy-request-id', requestId);
    // A confirmation is a change: audited whatever comes of it. Never with the code (nor the address).
    const audited = (outcome: string, contactId?: string) =>
      audit(deps.log, { requestId, route: `POST ${VERIFY_CONTACT_PATH}`, contactId, outcome });
    try {
      const outcome = await deps.store.transaction((tx) => deps.contactVerification.confirm(tx, { target, code }));
      if (outcome.kind === 'confirmed') {
        deps.log.info({ requestId, contactId: outcome.contact.id }, 'message contact address confirmed');
        audited('ok', outcome.contact.id);
        return htmlPage(reply, 200, 'Confirmed', `<p><b>${escapeHtml(outcome.target)}</b> now receives Resource Directory notices.</p>`);
      }
      audited(outcome.kind);
      if (outcome.kind === 'malformed') {
        return form(
          reply,
          400,
          target ?? '',
          '',
          '<p>Enter the whole address (or <code>86-</code> and the number) and the 6-digit code.</p>',
        );
      }
      return htmlPage(reply, 404, 'Nothing to confirm', '<p>No code sent to this address is waiting. Ask for a new one.</p>');
    } catch (error) {
      if (error instanceof ApiError && error.code === 'Invalid.VerificationCode') {
        audited(error.code);
        return form(reply, 400, target ?? '', '', '<p>The code is not valid: wrong, used, expired, or tried too often.</p>');
      }
      if (error instanceof StoreUnavailable) {
        audited('ServiceUnavailable');
        return htmlPage(reply, 503, 'Please try again', '<p>The service is briefly unavailable. Try again in a moment.</p>');
      }
      deps.log.error({ err: error, requestId, route: VERIFY_CONTACT_PATH }, 'contact verification page failed');
      audited('InternalError');
      return htmlPage(reply, 500, 'Something went wrong', '<p>Nothing was confirmed. Please try again later.</p>');
    }
  });
}
