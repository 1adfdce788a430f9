import { defineAction } from './action.js';
import { pageParams } from './handshake-page-params.js';
import { handshakeList } from './handshake-shapes.js';

export default defineAction({
  name: 'ListHandshakesForResourceDirectory',
  params: pageParams,
  async handle({ tx, caller, services }, params) {
    const pageNumber = params.PageNumber ?? 1;
    const pageSize = params.PageSize ?? 10;
    const page = await services.handshakes.listForDirectory(tx, caller, { pageNumber, pageSize });
    return { PageNumber: pageNumber, PageSize: pageSize, TotalCount: page.total, Handshakes: handshakeList(page.handshakes) };
  },
});
