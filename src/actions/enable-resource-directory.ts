import { z } from 'zod';
import { defineAction, resource, wireBoolean } from './action.js';
import { directorySummary } from './shapes.js';

export default defineAction({
  name: 'EnableResourceDirectory',
  ram: { action: 'resourcemanager:EnableResourceDirectory', resources: [resource.any] },
  params: z.object({
    EnableMode: z.enum(['CurrentAccount', 'NewManagementAccount']),
    MAName: z.string().optional(),
    MASecureMobilePhone: z.string().optional(),
    VerificationCode: z.string().optional(),
    DryRun: wireBoolean.optional(),
  }),
  async handle({ caller, services }, params) {
    const view = await services.directory.enable(caller, {
      mode: params.EnableMode,
      managementAccountName: params.MAName,
      managementAccountPhone: params.MASecureMobilePhone,
      verificationCode: params.VerificationCode,
      dryRun: params.DryRun ?? false,
    });
    // A dry run that passes answers with the RequestId alone.
    return view ? { ResourceDirectory: directorySummary(view) } : {};
  },
});
