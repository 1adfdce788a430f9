import { z } from 'zod';
import { defineAction } from './action.js';

export default defineAction({
  name: 'DestroyResourceDirectory',
  params: z.object({}),
  async handle({ tx, caller, services }) {
    await services.directory.destroy(tx, caller);
    return {};
  },
});
