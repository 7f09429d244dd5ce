import { Envelope } from '@lgsp/messaging';
import { AcknowledgedEvent } from '@lgsp/persistence';
import { parsePortalDate } from '../portal-date';
import { PortalDossier } from './portal-dossier.mapping';

/** The event as the delay report records it, due when the portal's record of its dossier says. */
export function acknowledgement(envelope: Envelope, record: PortalDossier | null): AcknowledgedEvent {
  const due = record?.NgayHenTra;
  return {
    messageId: envelope.id,
    dossierCode: envelope.key,
    eventType: envelope.type,
    occurredAt: new Date(envelope.occurredAt),
    dueAt: typeof due === 'string' ? parsePortalDate(due) : undefined,
  };
}
