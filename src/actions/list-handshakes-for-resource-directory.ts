import { z } from 'zod';
import { defineAction, pageFields, pageRequest, paging, resource } from './action.js';
import { handshakeList } from './handshake-shapes.js';

export default defineAction({
  name: 'ListHandshakesForResourceDirectory',
  ram: { action: 'resourcemanager:ListHandshakesForResourceDirectory', resources: [resource.anyHandshake] },
  params: z.object(paging),
  async handle({ caller, services }, params) {
    const request = pageRequest(params);
    const page = await services.handshakes.listForDirectory(caller, request);
    return pageFields(request, page.total, { Handshakes: handshakeList(page.items) });
  },
});
