import {
  DOSSIER_REGISTERED,
  DOSSIER_STATUS_CHANGED,
  DOSSIER_UPDATED,
  DossierRegisteredV1,
  DossierStatusChangedV2,
  DossierUpdatedV1,
} from '@lgsp/contracts';
import { Envelope, createEnvelope } from '@lgsp/messaging';

export const GATEWAY_SOURCE = 'gateway';

/** The message each accepted REST call becomes: its contract, version and dossier code as the key. */
export const DossierEvents = {
  registered(body: DossierRegisteredV1, correlationId: string | undefined): Envelope<DossierRegisteredV1> {
    return createEnvelope({
      type: DOSSIER_REGISTERED,
      contractVersion: 1,
      key: body.dossierCode,
      payload: body,
      source: GATEWAY_SOURCE,
      correlationId,
      occurredAt: new Date(body.occurredAt),
    });
  },

  updated(body: DossierRegisteredV1, correlationId: string | undefined): Envelope<DossierUpdatedV1> {
    // The registration's channel is a fact of the first filing; an update carries the snapshot only.
    const { submissionChannel, ...snapshot } = body;
    return createEnvelope({
      type: DOSSIER_UPDATED,
      contractVersion: 1,
      key: body.dossierCode,
      payload: snapshot,
      source: GATEWAY_SOURCE,
      correlationId,
      occurredAt: new Date(body.occurredAt),
    });
  },

  statusChanged(
    body: DossierStatusChangedV2,
    correlationId: string | undefined,
  ): Envelope<DossierStatusChangedV2> {
    return createEnvelope({
      type: DOSSIER_STATUS_CHANGED,
      contractVersion: 2,
      key: body.dossierCode,
      payload: body,
      source: GATEWAY_SOURCE,
      correlationId,
      occurredAt: new Date(body.occurredAt),
    });
  },
};
