import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { catalog, type ErrorCode } from '../errors/catalog.js';
import type { FaultInjector } from '../protocol/faults.js';

export interface FaultRouteDeps {
  readonly faults: FaultInjector | undefined;
  /** The Actions Canopy serves: a fault for any other name could never fire. */
  readonly actions: ReadonlySet<string>;
}

const newFault = z.strictObject({
  action: z.string().min(1),
  code: z.string().min(1),
  times: z.number().int().min(1).max(1000).default(1),
  accountId: z
    .string()
    .regex(/^\d{16}$/, 'must be a 16-digit account ID')
    .optional(),
  args: z.array(z.string().max(200)).max(5).default([]),
});

type Fail = (status: number, code: string, message: string) => Error;

/**
 * `/_canopy/faults` (emulator only): make the next calls of an Action answer a given catalog error,
 * so clients can be tested against refusals Canopy has no model for. Registered inside the admin
 * API, so its authentication applies.
 */
export function registerFaultRoutes(
  admin: FastifyInstance,
  deps: FaultRouteDeps,
  body: (request: FastifyRequest) => unknown,
  fail: Fail,
): void {
  const injector = () => {
    if (!deps.faults) throw fail(403, 'EmulatorOnly', 'This endpoint exists in emulator mode only.');
    return deps.faults;
  };
  const view = (faults: FaultInjector) =>
    faults.list().map((f) => ({ action: f.action, code: f.code, remaining: f.remaining, accountId: f.accountId ?? null, args: f.args }));

  admin.post('/_canopy/faults', async (request, reply) => {
    const faults = injector();
    const parsed = newFault.safeParse(body(request));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw fail(400, 'InvalidRequest', `${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    const input = parsed.data;
    if (!deps.actions.has(input.action)) throw fail(400, 'InvalidRequest', `action: ${input.action} is not an Action Canopy serves`);
    if (!Object.hasOwn(catalog, input.code)) throw fail(400, 'InvalidRequest', `code: ${input.code} is not in the error catalog`);
    faults.add({ action: input.action, code: input.code as ErrorCode, times: input.times, accountId: input.accountId, args: input.args });
    return reply.code(201).send({ faults: view(faults) });
  });

  admin.get('/_canopy/faults', async () => ({ faults: view(injector()) }));

  admin.delete('/_canopy/faults', async (_request, reply) => {
    injector().clear();
    return reply.code(204).send();
  });
}
