/**
 * Logical Kafka topic names: the deployment prefix (TOPIC_PREFIX) is added by the messaging library, so one
 * broker can carry several provinces or test runs apart.
 */
export const Topics = {
  /** Dossiers registered or updated and their status changes, from the one-stop system; key: dossier code. */
  dossierEvents: 'dossier.events',
  /** Dossiers citizens filed on the national portal, on their way to the one-stop system; key: dossier code. */
  dossierFiledOnPortal: 'dossier.filed-on-portal',
  /** Citizen verification requests and their results; key: the request id. */
  citizenVerification: 'citizen.verification',
  /** Payment requests and their outcomes; key: the dossier code. */
  paymentEvents: 'payment.events',
  /** Messages a connector gave up delivering, for the one-stop system to act on; key: the dossier code. */
  connectorDeliveryFailed: 'connector.delivery-failed',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/**
 * Topics of the bus's own operation, not of dossiers. Kept apart from Topics: every app provisions those as
 * ordinary topics (never compacted) and the contract catalogue describes them; these are provisioned by their
 * owners and carry plain JSON records, not contract messages.
 */
export const OperatorTopics = {
  /**
   * Each worker's view of each connector it runs (breaker, pause, rolling calls), compacted: the latest record
   * per key; key: `<worker>/<connector>`; a null value (tombstone) when the worker stops.
   */
  connectorState: 'ops.connector-state',
} as const;
