import type { Clock } from '../clock.js';
import type { PolicyStatus } from '../directory/resource-directory.js';
import type { UnitOfWork } from '../store.js';
import { DocumentCache } from './document-cache.js';
import { parsePolicyDocument } from './document.js';
import { type DecidingStatement, evaluate, type PathLevel } from './evaluate.js';
import { attachmentsAllowed, enablementStatus } from './enablement.js';
import { memberPath, withPolicies } from './path.js';
import { fullAliyunAccess } from './system-policies.js';

export interface SimulationInput {
  readonly accountId: string;
  readonly actions: readonly string[];
  /** The resource ARN; absent: any resource (every Resource element matches). */
  readonly resource?: string | undefined;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  /** A document evaluated as if it were attached to this target of the account's path. */
  readonly with?: { readonly targetId: string; readonly document: string } | undefined;
}

export interface SimulatedAction {
  readonly action: string;
  readonly decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  readonly decidedBy: readonly DecidingStatement[];
  readonly deniedAt?: PathLevel['target'] | undefined;
}

export interface Simulation {
  readonly controlPolicyStatus: PolicyStatus;
  /** True when Canopy enforces these decisions now: the feature is Enabled. */
  readonly enforced: boolean;
  readonly path: readonly PathLevel[];
  readonly results: readonly SimulatedAction[];
}

/** Why a simulation cannot be run; the admin API answers it as a 4xx. */
export class SimulationRefused extends Error {
  constructor(
    readonly reason: 'NotAMember' | 'ManagementAccount' | 'UnknownTarget',
    message: string,
  ) {
    super(message);
  }
}

/** The id and name a `with` document is shown under in the path and the deciding statements. */
export const SIMULATED_POLICY = { policyId: 'cp-simulated', policyName: '(simulated)' } as const;

/**
 * "Would this call be allowed, and which statement decided?", for a RAM user of a member account,
 * with the same evaluation enforcement uses. While the feature is not Enabled nothing is attached,
 * so the path is simulated as enabling would leave it: FullAliyunAccess on every node.
 */
export class PolicySimulator {
  private readonly documents = new DocumentCache();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async simulate(input: SimulationInput): Promise<Simulation> {
    const extra = input.with && { targetId: input.with.targetId, document: parsePolicyDocument(input.with.document, 'PolicyDocument') };
    const { status, path } = await this.unitOfWork.transaction(async (tx) => {
      const membership = await tx.directories.membership(input.accountId);
      if (!membership) throw new SimulationRefused('NotAMember', `account ${input.accountId} is not in a resource directory`);
      if (membership.role === 'master')
        throw new SimulationRefused('ManagementAccount', 'control policies do not apply to the management account');
      const directory = (await tx.directories.get(membership.directoryId))!;
      const member = (await tx.members.get(input.accountId))!;
      const status = enablementStatus(directory, this.clock.now());
      const targets = await memberPath(tx, directory, member);
      const path = attachmentsAllowed(directory)
        ? await withPolicies(tx, targets, this.documents)
        : targets.map((target) => ({ target, policies: [fullAliyunAccess] }));
      return { status, path };
    });
    if (extra && !path.some((level) => level.target.id === extra.targetId))
      throw new SimulationRefused(
        'UnknownTarget',
        `with.target ${extra.targetId} is not on the account's path (Root, its folders, itself)`,
      );
    const simulated = path.map((level) =>
      level.target.id === extra?.targetId
        ? Object.assign({}, level, { policies: [...level.policies, Object.assign({}, SIMULATED_POLICY, { document: extra.document })] })
        : level,
    );
    const results = input.actions.map((action): SimulatedAction => {
      const decision = evaluate(simulated, { action, resource: input.resource, context: input.context });
      return { action, ...decision };
    });
    return { controlPolicyStatus: status, enforced: status === 'Enabled', path: simulated, results };
  }
}
