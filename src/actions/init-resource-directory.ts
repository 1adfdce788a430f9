import { z } from 'zod';
import { defineAction } from './action.js';
import { directorySummary } from './shapes.js';

export default defineAction({
  name: 'InitResourceDirectory',
  params: z.object({}),
  async handle({ tx, caller, services }) {
    return { ResourceDirectory: directorySummary(await services.directory.init(tx, caller)) };
  },
});
