/** How a call may go: as usual, or as the one probe of a partner whose breaker is open for every replica. */
export type Admission = 'pass' | 'probe';

/**
 * A say over a partner's calls shared beyond this process (every worker replica, operators' overrides,
 * maintenance windows). Consulted before each call; refuses with ConnectorOpen while the partner's traffic is
 * parked, and hears how a probe it admitted went. Without one, each replica's breaker decides alone.
 */
export interface PartnerGate {
  admit(partner: string): Promise<Admission>;
  /** Never throws: the call it follows has been made, and its outcome must reach the caller unchanged. */
  probed(partner: string, succeeded: boolean): Promise<void>;
  /** Parked on purpose (an operator's override, a maintenance window): its breaker away from closed is no incident. */
  heldOnPurpose(partner: string): boolean;
}
