import type { Transaction } from '@lgsp/persistence';
import type { InboundMessage } from './inbound-message';

export interface ConsumerOptions {
  /** Names the consumer group (prefixed) and its retry topics; one connector, one name. */
  name: string;
  /** Logical topic names (without the deployment prefix). */
  topics: string[];
  /**
   * When true (the default) the handler runs in a transaction that also records the message id, so a
   * redelivered message has no second effect on the database.
   */
  idempotent?: boolean;
  /**
   * The most messages handed to handleBatch() at once, in one transaction (100 by default). A run that only
   * writes to the database can be longer than one that waits on a partner for each message.
   */
  runLength?: number;
}

export type FailureOutcome = 'backing-off' | 'retried' | 'dead-lettered' | 'parked';

export interface FailureNotice {
  /** The message key (a dossier code on dossier topics); present even when the value could not be decoded. */
  key: string;
  topic: string;
  attempt: number;
  messageId?: string;
  correlationId?: string;
  eventType?: string;
  contractVersion?: number;
  outcome: FailureOutcome;
  code: string;
  /** Safe to log and show: personal ID numbers masked. */
  reason: string;
}

/** A consumer's work for one message (the Nest transport builds it from a controller's @EventPattern methods). */
export interface MessageHandler {
  handle(message: InboundMessage, tx: Transaction): Promise<void>;
  /**
   * Optional batch mode: several messages of one partition, in order, in one transaction. If it throws, the
   * runtime rolls back and hands the same messages to handle() one by one, so each failure is still routed on
   * its own. Any message may thus be tried again (in place, one by one, from a retry topic, after a crash) with
   * some of its external calls already made: a handler that makes calls records each as it succeeds and leaves
   * the recorded ones out on every try.
   */
  handleBatch?(messages: InboundMessage[], tx: Transaction): Promise<void>;
  /** Told after the runtime moved a failed message on, so the domain can record it (a dossier's trace). */
  onFailure?(notice: FailureNotice): Promise<void>;
}

/** One consumer group the runtime runs: its name and topics, and the handler of their messages. */
export interface ConsumerDefinition {
  options: ConsumerOptions;
  handler: MessageHandler;
}
