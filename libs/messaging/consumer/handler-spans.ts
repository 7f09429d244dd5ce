import { SpanKind, SpanOptions, TraceAttribute, contextFromHeaders } from '@lgsp/observability';
import { trace, type Link } from '@opentelemetry/api';
import type { KafkaMessage } from 'kafkajs';
import type { Envelope } from '../envelope/envelope';
import type { ConsumerBinding } from './batch-processor';

/** A connector's handler span: `<consumer group name>.handle`, for one message or one batch run. */
export function handlerSpanName(binding: ConsumerBinding): string {
  return `${binding.options.name}.handle`;
}

function consumerAttributes(binding: ConsumerBinding, topic: string): Record<string, string> {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.destination.name': topic,
    'messaging.consumer.group.name': binding.groupId,
    [TraceAttribute.consumer]: binding.options.name,
  };
}

/** One message's span: the child of the context its `traceparent` header carries. */
export function messageSpan(
  binding: ConsumerBinding,
  topic: string,
  message: KafkaMessage,
  envelope: Envelope,
  attempt: number,
): SpanOptions {
  return {
    kind: SpanKind.CONSUMER,
    parent: contextFromHeaders(message.headers),
    attributes: {
      ...consumerAttributes(binding, topic),
      [TraceAttribute.messageId]: envelope.id,
      [TraceAttribute.eventType]: envelope.type,
      [TraceAttribute.attempt]: attempt,
    },
  };
}

/**
 * A batch run's span: the child of its first message's trace, linked to every message's, so each message's trace
 * reaches the handler and the partner calls it made for the run.
 */
export function runSpan(binding: ConsumerBinding, topic: string, run: KafkaMessage[]): SpanOptions {
  const parents = run.map((message) => contextFromHeaders(message.headers));
  const links: Link[] = parents.flatMap((parent) => {
    const linked = trace.getSpanContext(parent);
    return linked ? [{ context: linked }] : [];
  });
  return {
    kind: SpanKind.CONSUMER,
    parent: parents[0],
    links,
    attributes: { ...consumerAttributes(binding, topic), 'messaging.batch.message_count': run.length },
  };
}
