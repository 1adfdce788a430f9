import { z } from 'zod';
import { defineAction, resource } from './action.js';
import { directorySummary } from './shapes.js';

export default defineAction({
  name: 'InitResourceDirectory',
  // ResourceDirectoryMaster 2022-04-19 has no InitResourceDirectory.
  versions: ['2020-03-31'],
  ram: { action: 'resourcemanager:InitResourceDirectory', resources: [resource.directory] },
  params: z.object({}),
  async handle({ caller, services }) {
    return { ResourceDirectory: directorySummary(await services.directory.init(caller)) };
  },
});
