import { z } from 'zod';
import { defineAction } from './action.js';
import { handshakeShape } from './handshake-shapes.js';

export default defineAction({
  name: 'AcceptHandshake',
  params: z.object({ HandshakeId: z.string().optional() }),
  async handle({ tx, caller, services }, params) {
    return { Handshake: handshakeShape(await services.handshakes.accept(tx, caller, params.HandshakeId)) };
  },
});
