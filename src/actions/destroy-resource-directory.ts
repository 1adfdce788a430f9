import { z } from 'zod';
import { defineAction, resource } from './action.js';

export default defineAction({
  name: 'DestroyResourceDirectory',
  ram: { action: 'resourcemanager:DestroyResourceDirectory', resources: [resource.any] },
  params: z.object({}),
  async handle({ caller, services }) {
    await services.directory.destroy(caller);
    return {};
  },
});
