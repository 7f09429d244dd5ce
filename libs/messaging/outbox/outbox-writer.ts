import { Injectable } from '@nestjs/common';
import { BusConfig } from '@lgsp/config';
import { injectTraceHeaders } from '@lgsp/observability';
import { OutboxEntry, OutboxRepository, Transaction } from '@lgsp/persistence';
import { Envelope } from '../envelope/envelope';
import { encodeEnvelope, headerText } from '../envelope/envelope-codec';
import { TopicNames } from '../topics/topic-names';

/**
 * Publishes by committing: the envelope is written to the outbox in the caller's transaction, so it exists
 * exactly when the state change that caused it does. The relay takes it to Kafka afterwards.
 */
@Injectable()
export class OutboxWriter {
  private readonly names: TopicNames;

  constructor(
    private readonly outbox: OutboxRepository,
    config: BusConfig,
  ) {
    this.names = TopicNames.from(config);
  }

  async add(tx: Transaction, topic: string, envelope: Envelope): Promise<void> {
    await this.outbox.add(tx, this.entryFor(topic, envelope));
  }

  /** The outbox row for an envelope, for callers that write it within a larger statement. */
  entryFor(topic: string, envelope: Envelope): OutboxEntry {
    const message = encodeEnvelope(envelope);
    const headers: Record<string, string> = {};
    for (const name of Object.keys(message.headers ?? {})) {
      headers[name] = headerText(message.headers, name) ?? '';
    }
    // The trace context of the work that wrote the row: the relay's publication continues that trace.
    injectTraceHeaders(headers);
    return {
      messageId: envelope.id,
      topic: this.names.main(topic),
      key: envelope.key,
      headers,
      value: message.value as Buffer,
    };
  }
}
