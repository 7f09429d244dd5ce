/** The protocol-specific shape of injected failures; each simulator provides one. */
export interface ProtocolFaultReplies {
  /** The protocol's own "something went wrong" reply, used when errorReply is "protocol". */
  error(): { status: number; contentType: string; body: string };
}

export const PROTOCOL_FAULT_REPLIES = Symbol('PROTOCOL_FAULT_REPLIES');
export const SIMULATOR_NAME = Symbol('SIMULATOR_NAME');
