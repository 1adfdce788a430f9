import { z } from 'zod';
import { defineAction, resource } from './action.js';
import { handshakeShape } from './handshake-shapes.js';

export default defineAction({
  name: 'CancelHandshake',
  ram: { action: 'resourcemanager:CancelHandshake', resources: [resource.handshake] },
  params: z.object({ HandshakeId: z.string().optional() }),
  async handle({ caller, services }, params) {
    return { Handshake: handshakeShape(await services.handshakes.cancel(caller, params.HandshakeId)) };
  },
});
