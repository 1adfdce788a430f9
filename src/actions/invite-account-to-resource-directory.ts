import { z } from 'zod';
import { defineAction, resource, withLists } from './action.js';
import { parseTags, tagsToStore } from './account-shapes.js';
import { handshakeShape } from './handshake-shapes.js';

/** `Tag.N` is kept with the invitation and becomes the member's tags when the invitee accepts. */
export default defineAction({
  name: 'InviteAccountToResourceDirectory',
  ram: { action: 'resourcemanager:InviteAccountToResourceDirectory', resources: [resource.anyHandshake, resource.folder] },
  params: withLists({
    TargetEntity: z.string().optional(),
    TargetType: z.string().optional(),
    Note: z.string().optional(),
    // 2022-04-19: the folder the invitee joins (2020-03-31 has no such parameter; it is ignored there).
    ParentFolderId: z.string().optional(),
  }),
  async handle({ caller, version, services }, params) {
    const view = await services.handshakes.invite(caller, {
      targetEntity: params.TargetEntity,
      targetType: params.TargetType,
      note: params.Note,
      parentFolderId: version === '2022-04-19' ? params.ParentFolderId : undefined,
      tags: tagsToStore(parseTags(params)),
    });
    return { Handshake: handshakeShape(view) };
  },
});
