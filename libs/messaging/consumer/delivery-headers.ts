/** Headers the runtime adds when it moves a message to a retry or dead-letter topic. */
export const DeliveryHeader = {
  attempt: 'lgsp-attempt',
  notBefore: 'lgsp-not-before',
  sourceTopic: 'lgsp-source-topic',
  sourcePartition: 'lgsp-source-partition',
  sourceOffset: 'lgsp-source-offset',
  lastError: 'lgsp-last-error',
  deadLetterReason: 'lgsp-dead-letter-reason',
  deadLetterCode: 'lgsp-dead-letter-code',
  deadLetteredAt: 'lgsp-dead-lettered-at',
  consumerGroup: 'lgsp-consumer-group',
  replayCount: 'lgsp-replay-count',
} as const;
