import type { Envelope } from '../envelope/envelope';

export interface InboundMessage<TPayload = unknown> {
  envelope: Envelope<TPayload>;
  /** Logical name of the main topic, even when the message arrived through a retry topic. */
  topic: string;
  partition: number;
  offset: string;
  /** 0 on first delivery, n on the n-th retry hop. */
  attempt: number;
  /** A copy an operator replayed from the dead letters: its partner may hold some of its effect already. */
  replayed?: boolean;
  /**
   * Aborted when the handler's time is up: the runtime has moved the message on, so the work must stop. Pass it
   * to every partner call (axios takes it) and check it before starting one.
   */
  signal: AbortSignal;
}
