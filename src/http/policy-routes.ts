import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../errors/api-error.js';
import type { PathLevel } from '../domain/policies/evaluate.js';
import { type PolicySimulator, type Simulation, SimulationRefused } from '../domain/policies/simulator.js';

const actionName = z.string().regex(/^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+)$/, 'must be service:Action (wildcards allowed) or *');
const contextValue = z.union([z.string().max(1000), z.array(z.string().max(1000)).max(50)]);

const simulation = z
  .strictObject({
    accountId: z.string().regex(/^\d{16}$/, 'must be a 16-digit account ID'),
    action: actionName.optional(),
    actions: z.array(actionName).min(1).max(100).optional(),
    resource: z.string().min(1).max(1024).optional(),
    context: z
      .record(z.string().regex(/^[A-Za-z0-9:/_.-]{1,128}$/, 'must be a condition key such as acs:SourceIp'), contextValue)
      .optional(),
    with: z
      .strictObject({
        target: z.string().min(1).max(64),
        // The document as the API takes it (a JSON string), or the JSON itself.
        document: z.union([z.string(), z.record(z.string(), z.unknown())]),
      })
      .optional(),
  })
  .refine((body) => (body.action === undefined) !== (body.actions === undefined), 'give either action or actions');

type Fail = (status: number, code: string, message: string) => Error;

const REFUSAL_STATUS: Record<SimulationRefused['reason'], number> = { NotAMember: 404, ManagementAccount: 409, UnknownTarget: 400 };

/**
 * `POST /_canopy/control-policies/simulate`: would a RAM user of this member be allowed an action,
 * and which statement decided. Registered inside the admin API, so its authentication applies (the
 * admin token in production mode).
 */
export function registerPolicyRoutes(
  admin: FastifyInstance,
  simulator: PolicySimulator,
  body: (request: FastifyRequest) => unknown,
  fail: Fail,
): void {
  admin.post('/_canopy/control-policies/simulate', async (request) => {
    const parsed = simulation.safeParse(body(request));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw fail(400, 'InvalidRequest', `${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    const input = parsed.data;
    const document = input.with && (typeof input.with.document === 'string' ? input.with.document : JSON.stringify(input.with.document));
    try {
      const result = await simulator.simulate({
        accountId: input.accountId,
        actions: input.actions ?? [input.action!],
        resource: input.resource,
        context: input.context ?? {},
        with: input.with && { targetId: input.with.target, document: document! },
      });
      return render(result, input.actions === undefined);
    } catch (error) {
      if (error instanceof SimulationRefused) throw fail(REFUSAL_STATUS[error.reason], error.reason, error.message);
      // A `with` document the API would refuse: the same code and message CreateControlPolicy answers.
      if (error instanceof ApiError) throw fail(400, error.code, error.message);
      throw error;
    }
  });
}

const pathView = (path: readonly PathLevel[]) =>
  path.map((level) => ({
    target: level.target,
    policies: level.policies.map((p) => ({ policyId: p.policyId, policyName: p.policyName })),
  }));

/** One action: its decision at the top level; a list: `results`, one per action, in the order asked. */
function render(simulation: Simulation, single: boolean) {
  const results = simulation.results.map((r) => ({
    action: r.action,
    decision: r.decision,
    decidedBy: r.decidedBy.map((d) => ({
      policyId: d.policyId,
      policyName: d.policyName,
      target: d.target,
      statementIndex: d.statementIndex,
    })),
    ...(r.deniedAt ? { deniedAt: r.deniedAt } : {}),
  }));
  const common = { controlPolicyStatus: simulation.controlPolicyStatus, enforced: simulation.enforced, path: pathView(simulation.path) };
  return single ? Object.assign({}, results[0], common) : { results, ...common };
}
