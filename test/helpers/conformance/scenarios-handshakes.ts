import type { Scenarios } from './scenario.js';

/** Invitations: the fixture's pending one to read; fresh ones to accept, decline or cancel. */
export const handshakeScenarios: Scenarios = {
  InviteAccountToResourceDirectory: async (w) => {
    const invitee = await w.standalone();
    await w.call('InviteAccountToResourceDirectory', {
      TargetEntity: invitee.accountId,
      TargetType: 'Account',
      Note: 'Join us',
      // 2022-04-19 also names the folder the invitee joins.
      ...(w.version === '2022-04-19' ? { ParentFolderId: w.folderId } : {}),
    });
  },

  AcceptHandshake: async (w) => {
    const { invitee, handshakeId } = await w.invitation();
    await w.call('AcceptHandshake', { HandshakeId: handshakeId }, invitee);
  },

  DeclineHandshake: async (w) => {
    const { invitee, handshakeId } = await w.invitation();
    await w.call('DeclineHandshake', { HandshakeId: handshakeId }, invitee);
  },

  CancelHandshake: async (w) => w.call('CancelHandshake', { HandshakeId: (await w.invitation()).handshakeId }),

  GetHandshake: async (w) => {
    await w.call('GetHandshake', { HandshakeId: w.handshakeId });
    // Only the invitee is shown the real names (see the exemptions).
    await w.call('GetHandshake', { HandshakeId: w.handshakeId }, w.invitee);
  },

  ListHandshakesForAccount: (w) => w.call('ListHandshakesForAccount', {}, w.invitee),

  ListHandshakesForResourceDirectory: (w) => w.call('ListHandshakesForResourceDirectory', { PageSize: '100' }),
};
