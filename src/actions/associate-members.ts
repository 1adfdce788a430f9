import { z } from 'zod';
import { defineAction, resource, withLists } from './action.js';
import { bindingShape, listParam } from './contact-shapes.js';

export default defineAction({
  name: 'AssociateMembers',
  versions: ['2022-04-19'],
  ram: { action: 'resourcemanager:AssociateMembers', resources: [resource.any] },
  params: withLists({ ContactId: z.string().optional() }),
  async handle({ caller, services }, params) {
    const bindings = await services.contactBindings.associate(caller, {
      contactId: params.ContactId,
      members: listParam(params, 'Members'),
    });
    return { Members: bindings.map(bindingShape) };
  },
});
