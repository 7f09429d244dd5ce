import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { headerText } from '../envelope/envelope-codec';

/**
 * Headers of a request (an envelope on its topic) and of its reply. Replies follow Nest's Kafka scheme: one reply
 * topic per client app, and each instance of it owns a partition of that topic, named in its requests.
 */
export const RequestHeader = {
  requestId: 'lgsp-request-id',
  replyTopic: 'lgsp-reply-topic',
  replyPartition: 'lgsp-reply-partition',
  /** When the caller stops waiting (ISO time): a request read after it is dropped, not answered. */
  deadline: 'lgsp-deadline',
} as const;

export type Reply = { response: unknown } | { err: { code: string; message: string } };

export interface ReplyAddress {
  requestId: string;
  topic: string;
  partition: number;
  deadline: number;
}

/** Where a request wants its reply, or undefined when it does not say (it cannot be answered). */
export function replyAddressOf(headers: IHeaders | undefined): ReplyAddress | undefined {
  const requestId = headerText(headers, RequestHeader.requestId);
  const topic = headerText(headers, RequestHeader.replyTopic);
  const partition = Number(headerText(headers, RequestHeader.replyPartition));
  const deadline = Date.parse(headerText(headers, RequestHeader.deadline) ?? '');
  if (!requestId || !topic || !Number.isInteger(partition) || partition < 0 || Number.isNaN(deadline)) {
    return undefined;
  }
  return { requestId, topic, partition, deadline };
}

export function encodeReply(address: ReplyAddress, reply: Reply): Message {
  return {
    partition: address.partition,
    key: address.requestId,
    value: Buffer.from(JSON.stringify(reply)),
    headers: { [RequestHeader.requestId]: address.requestId, 'content-type': 'application/json' },
  };
}

/** A reply's request id and outcome; an error reply becomes the DomainError its handler threw. */
export function decodeReply(
  message: Pick<KafkaMessage, 'value' | 'headers'>,
): { requestId: string; outcome: { response: unknown } | { error: DomainError } } | undefined {
  const requestId = headerText(message.headers, RequestHeader.requestId);
  if (!requestId || !message.value) return undefined;
  let reply: Partial<{ response: unknown; err: { code?: unknown; message?: unknown } }>;
  try {
    reply = JSON.parse(message.value.toString('utf8')) as typeof reply;
  } catch {
    return { requestId, outcome: { error: malformedReply() } };
  }
  if (reply.err) {
    const code = Object.values<string>(DomainErrorCode).includes(String(reply.err.code))
      ? (reply.err.code as DomainErrorCode)
      : DomainErrorCode.Internal;
    return { requestId, outcome: { error: new DomainError(code, String(reply.err.message)) } };
  }
  return { requestId, outcome: { response: reply.response } };
}

function malformedReply(): DomainError {
  return new DomainError(DomainErrorCode.MalformedMessage, 'The reply is not JSON');
}
