// Which event types an organisation may submit follows from its roles and the catalogue's
// emitter roles; the ledger re-checks the same rule when it validates an entry.
import type { EventType, ParticipantRole } from '@borderledger/events';
import { EVENT_TYPES, getEventDefinition, isEventType } from '@borderledger/events';

export function rolesMayEmit(roles: readonly ParticipantRole[], eventType: string): boolean {
  if (!isEventType(eventType)) return false;
  return getEventDefinition(eventType).emitterRoles.some((role) => roles.includes(role));
}

export function permittedEventTypes(roles: readonly ParticipantRole[]): EventType[] {
  return EVENT_TYPES.filter((type) => rolesMayEmit(roles, type));
}
