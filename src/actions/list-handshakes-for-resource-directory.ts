import { z } from 'zod';
import { defineAction, paging } from './action.js';
import { handshakeList } from './handshake-shapes.js';

export default defineAction({
  name: 'ListHandshakesForResourceDirectory',
  params: z.object(paging),
  async handle({ tx, caller, services }, params) {
    const { PageNumber: pageNumber, PageSize: pageSize } = params;
    const page = await services.handshakes.listForDirectory(tx, caller, { pageNumber, pageSize });
    return { PageNumber: pageNumber, PageSize: pageSize, TotalCount: page.total, Handshakes: handshakeList(page.handshakes) };
  },
});
