import { z } from 'zod';
import { defineAction, pageFields, pageRequest, paging, resource } from './action.js';
import { handshakeList } from './handshake-shapes.js';

export default defineAction({
  name: 'ListHandshakesForAccount',
  ram: { action: 'resourcemanager:ListHandshakesForAccount', resources: [resource.anyHandshake] },
  params: z.object(paging),
  async handle({ caller, services }, params) {
    const request = pageRequest(params);
    const page = await services.handshakes.listForAccount(caller, request);
    return pageFields(request, page.total, { Handshakes: handshakeList(page.items) });
  },
});
