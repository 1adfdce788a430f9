import { z } from 'zod';
import { defineAction, wireBoolean } from './action.js';
import { directorySummary } from './shapes.js';

export default defineAction({
  name: 'EnableResourceDirectory',
  params: z.object({
    EnableMode: z.enum(['CurrentAccount', 'NewManagementAccount']),
    MAName: z.string().optional(),
    MASecureMobilePhone: z.string().optional(),
    VerificationCode: z.string().optional(),
    DryRun: wireBoolean.optional(),
  }),
  async handle({ tx, caller, services }, params) {
    const view = await services.directory.enable(tx, caller, {
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
