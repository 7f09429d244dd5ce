/**
 * Logical Kafka topic names: the deployment prefix (TOPIC_PREFIX) is added by the messaging library, so one
 * broker can carry several provinces or test runs apart.
 */
export const Topics = {
  /** Dossiers registered or updated and their status changes, from the one-stop system; key: dossier code. */
  dossierEvents: 'dossier.events',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];
