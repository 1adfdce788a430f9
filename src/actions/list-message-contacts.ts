import { z } from 'zod';
import { chinaDateTime, defineAction, pageFields, pageRequest, paging, resource } from './action.js';
import { contactShape } from './contact-shapes.js';

/** `AssociatedDate`: when the contact was bound to `Member` (unfiltered: its latest binding); empty when it has none. */
export default defineAction({
  name: 'ListMessageContacts',
  versions: ['2022-04-19'],
  ram: { action: 'resourcemanager:ListMessageContacts', resources: [resource.anyMessageContact] },
  params: z.object({ ContactId: z.string().optional(), Member: z.string().optional(), ...paging }),
  async handle({ caller, services }, params) {
    const request = pageRequest(params);
    const found = await services.contactBindings.list(caller, { contactId: params.ContactId, member: params.Member, ...request });
    return pageFields(request, found.total, {
      Contacts: found.items.map((view) =>
        Object.assign(contactShape(view), { AssociatedDate: view.associatedAt === null ? '' : chinaDateTime(view.associatedAt) }),
      ),
    });
  },
});
