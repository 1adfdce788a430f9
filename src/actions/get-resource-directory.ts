import { z } from 'zod';
import { defineAction, resource } from './action.js';
import { directoryDetails } from './shapes.js';

export default defineAction({
  name: 'GetResourceDirectory',
  ram: { action: 'resourcemanager:GetResourceDirectory', resources: [resource.any] },
  params: z.object({}),
  async handle({ caller, version, services }) {
    return { ResourceDirectory: directoryDetails(await services.directory.get(caller), version) };
  },
});
