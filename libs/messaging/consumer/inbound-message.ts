import type { Envelope } from '../envelope/envelope';

export interface InboundMessage<TPayload = unknown> {
  envelope: Envelope<TPayload>;
  /** Logical name of the main topic, even when the message arrived through a retry topic. */
  topic: string;
  partition: number;
  offset: string;
  /** 0 on first delivery, n on the n-th retry hop. */
  attempt: number;
  /**
   * True when this process already tried the message in place (the partner failed it before). A handler that
   * makes several calls per message checks what it already did only then, keeping the first try cheap.
   */
  triedBefore: boolean;
  /**
   * Aborted when the handler's time is up: the runtime has moved the message on, so the work must stop. Pass it
   * to every partner call (axios takes it) and check it before starting one.
   */
  signal: AbortSignal;
}
