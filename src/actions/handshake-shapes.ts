import type { HandshakeView } from '../domain/directory/handshake-service.js';
import { isoSeconds } from './action.js';

/** Handshake times have second precision on the wire (spec 1: `2018-08-10T09:55:41Z`). */
const handshakeTime = isoSeconds;

/** `Handshake` as every handshake operation returns it; the real names only for the invitee's GetHandshake. */
export function handshakeShape({ handshake: h, status, realNames }: HandshakeView) {
  return {
    CreateTime: handshakeTime(h.createdAt),
    ExpireTime: handshakeTime(h.expiresAt),
    HandshakeId: h.id,
    ...(realNames ? { InvitedAccountRealName: realNames.invited } : {}),
    MasterAccountId: h.masterAccountId,
    MasterAccountName: h.masterAccountName,
    ...(realNames ? { MasterAccountRealName: realNames.master } : {}),
    ModifyTime: handshakeTime(h.modifiedAt),
    Note: h.note,
    ResourceDirectoryId: h.directoryId,
    Status: status,
    TargetEntity: h.targetEntity,
    TargetType: h.targetType,
  };
}

/** The list wrapper: always an array, even with one handshake or none (spec 1). */
export const handshakeList = (views: readonly HandshakeView[]) => ({ Handshake: views.map(handshakeShape) });
