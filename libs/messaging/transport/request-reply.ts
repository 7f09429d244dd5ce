import type { IHeaders, Message } from 'kafkajs';
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
