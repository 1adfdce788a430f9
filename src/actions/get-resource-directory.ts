import { z } from 'zod';
import { defineAction } from './action.js';
import { directoryDetails } from './shapes.js';

export default defineAction({
  name: 'GetResourceDirectory',
  params: z.object({}),
  async handle({ tx, caller, services }) {
    return { ResourceDirectory: directoryDetails(await services.directory.get(tx, caller)) };
  },
});
