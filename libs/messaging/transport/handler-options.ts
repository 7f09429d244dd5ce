/** How a consumer group runs its handlers; every handler of one group must say the same. */
export type ConsumerGroupOptions = {
  /**
   * Batch mode: the handler receives runs of messages of one partition, in order (`InboundMessage[]`), in one
   * transaction. A run that fails is handed to it again one message at a time (arrays of one), so each failure
   * is routed on its own.
   */
  batch?: boolean;
  /**
   * The handler's only effects are its writes in the transaction it is given: no partner call, nothing sent but
   * through the outbox. The runtime may then run a run of messages of one partition in one transaction, with one
   * statement recording their ids, handing them to the handler one at a time in order; a run that fails is
   * rolled back and run again one message at a time. Leave it false for a handler that calls a partner: the
   * second pass would call again for the messages before the failure.
   */
  databaseOnly?: boolean;
  /**
   * When true (the default) the handler's transaction also records the message id, so a redelivered message
   * has no second effect on the database.
   */
  idempotent?: boolean;
};

/** The extras of a bus handler's @EventPattern or @MessagePattern (a type, so that it is a record of extras). */
export type BusHandlerExtras = Required<ConsumerGroupOptions> & { consumerGroup: string };

const GROUP_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * The extras argument of a bus handler: `@EventPattern(Topics.dossierEvents, consumerGroup(NATIONAL_PORTAL))`.
 * One connector, one group: it names the Kafka consumer group, its retry topics and the breaker that parks it.
 */
export function consumerGroup(name: string, options: ConsumerGroupOptions = {}): BusHandlerExtras {
  return {
    consumerGroup: name,
    batch: options.batch ?? false,
    databaseOnly: options.databaseOnly ?? false,
    idempotent: options.idempotent ?? true,
  };
}

/** The pattern of a handler told about a group's failed deliveries (retried, parked, dead-lettered). */
export interface FailedDeliveriesPattern {
  failedDeliveriesOf: string;
}

/**
 * `@EventPattern(failedDeliveriesOf(NATIONAL_PORTAL))`: the handler receives a FailureNotice after the runtime
 * moved a failed message of that group on, so the domain can record it (a dossier's trace).
 */
export function failedDeliveriesOf(name: string): FailedDeliveriesPattern {
  return { failedDeliveriesOf: name };
}

export function isFailedDeliveriesPattern(pattern: unknown): pattern is FailedDeliveriesPattern {
  return (
    typeof pattern === 'object' &&
    pattern !== null &&
    typeof (pattern as Partial<FailedDeliveriesPattern>).failedDeliveriesOf === 'string'
  );
}

/** Reads a handler's extras back, refusing a handler declared without its group (a mistake, not a default). */
export function busHandlerExtras(pattern: unknown, extras: Record<string, unknown>): BusHandlerExtras {
  const { consumerGroup: group, batch, databaseOnly, idempotent } = extras as Partial<BusHandlerExtras>;
  if (typeof group !== 'string' || !GROUP_NAME.test(group)) {
    throw new Error(
      `The handler of ${JSON.stringify(pattern)} names no consumer group: declare it with ` +
        `@EventPattern(topic, consumerGroup('<connector>'))`,
    );
  }
  return {
    consumerGroup: group,
    batch: batch ?? false,
    databaseOnly: databaseOnly ?? false,
    idempotent: idempotent ?? true,
  };
}
