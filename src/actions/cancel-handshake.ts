import { z } from 'zod';
import { defineAction } from './action.js';
import { handshakeShape } from './handshake-shapes.js';

export default defineAction({
  name: 'CancelHandshake',
  params: z.object({ HandshakeId: z.string().optional() }),
  async handle({ tx, caller, services }, params) {
    return { Handshake: handshakeShape(await services.handshakes.cancel(tx, caller, params.HandshakeId)) };
  },
});
