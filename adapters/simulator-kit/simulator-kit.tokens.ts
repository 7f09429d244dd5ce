/** The protocol-specific shape of injected failures; each simulator provides one. */
export interface ProtocolFaultReplies {
  /** The protocol's own "something went wrong" reply, used when errorReply is "protocol". */
  error(): { status: number; contentType: string; body: string };
}

export const PROTOCOL_FAULT_REPLIES = Symbol('PROTOCOL_FAULT_REPLIES');
export const SIMULATOR_NAME = Symbol('SIMULATOR_NAME');

export interface Resettable {
  reset(): void;
}

/** Simulator state registers here so POST /admin/reset empties all of it. */
export class ResetRegistry {
  private readonly members: Resettable[] = [];

  add(member: Resettable): void {
    this.members.push(member);
  }

  resetAll(): void {
    for (const member of this.members) member.reset();
  }
}
