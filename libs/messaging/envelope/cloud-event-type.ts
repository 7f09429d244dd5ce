/**
 * CloudEvents `type` values are reverse-DNS and name the contract version, so a subscriber filtering on type never
 * receives a payload shape it was not written for: `dossier.status-changed` at version 2 travels as
 * `vn.gov.lgsp.dossier.status-changed.v2`. Inside the bus the envelope keeps the short message type and the version
 * apart, as the contract registry names them.
 */
export const CLOUD_EVENT_TYPE_PREFIX = 'vn.gov.lgsp.';

export function cloudEventType(messageType: string, contractVersion: number): string {
  return `${CLOUD_EVENT_TYPE_PREFIX}${messageType}.v${contractVersion}`;
}

/** The envelope's message type, or undefined when the CloudEvents type is not ours or names another version. */
export function envelopeTypeOf(ceType: string, contractVersion: number): string | undefined {
  const suffix = `.v${contractVersion}`;
  if (!ceType.startsWith(CLOUD_EVENT_TYPE_PREFIX) || !ceType.endsWith(suffix)) return undefined;
  const messageType = ceType.slice(CLOUD_EVENT_TYPE_PREFIX.length, -suffix.length);
  return messageType.length > 0 ? messageType : undefined;
}
