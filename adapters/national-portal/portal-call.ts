import { isDeepStrictEqual } from 'node:util';
import { DomainError, DomainErrorCode, MAX_RECORD_BYTES } from '@lgsp/contracts';
import type { CallNote } from '@lgsp/persistence';

/**
 * The largest request the connector sends: the same bound intake puts on one dossier record (the size a partner's
 * front end commonly takes), so a record the bus accepted fits one request, and a run of records is split.
 */
export const MAX_REQUEST_BYTES = MAX_RECORD_BYTES;
/** Room for a request's own fields around its data list: session, madonvi, service, isUpdating. */
const ENVELOPE_BYTES = 1_024;

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

export interface PortalCallEntry {
  record: Record<string, unknown>;
  messageId: string;
  dossierCode: string;
  bytes: number;
  /** The dossier's record before this one (what the portal holds if everything before it was applied). */
  previous: Record<string, unknown> | null;
}

export interface PortalRequest {
  body: Record<string, unknown>;
  /** The messages whose records this request carries: what to record as done once it succeeded. */
  messageIds: string[];
  /** Per message, its dossier and the request's last record of it: what the portal holds if it applied the request. */
  notes: Map<string, CallNote>;
}

/**
 * One list service call for a run of events (DongBoHoSoMC or CapNhatTienDoHoSoMC), sent as one request or, when
 * its records add up to more than a request may carry, as several in order. A record that could not travel even
 * alone is refused when added, before anything of the run is sent.
 *
 * A request never ends a dossier on the record the portal held before it (a dossier back in an earlier state:
 * 4, 6, 4 in one request): the request is split there. Whether an unanswered request was applied is then told by
 * the portal showing its last record or not (UnknownOutcomeCheck); otherwise "nothing applied" and "all applied"
 * would look the same.
 */
export class PortalCall {
  private entries: PortalCallEntry[] = [];

  constructor(
    readonly service: string,
    private readonly fields: Record<string, unknown> = {},
  ) {}

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** `previous`: the dossier's record before this one, null where the portal holds none (records only). */
  add(
    record: Record<string, unknown>,
    messageId: string,
    dossierCode: string,
    previous: Record<string, unknown> | null = null,
  ): void {
    const bytes = jsonBytes(record);
    if (bytes + ENVELOPE_BYTES > MAX_REQUEST_BYTES) {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        `Dossier ${dossierCode}: its ${this.service} record would be ${bytes} bytes, above the ${MAX_REQUEST_BYTES}-byte ` +
          'limit of one portal request, so it is not sent; the dossier needs fewer or shorter documents',
      );
    }
    this.entries.push({ record, messageId, dossierCode, bytes, previous });
  }

  /** What the call carries, in the order it sends it. */
  carried(): readonly PortalCallEntry[] {
    return this.entries;
  }

  /** Leaves out the records of these messages (the partner already holds them). */
  leaveOut(messageIds: ReadonlySet<string>): void {
    this.entries = this.entries.filter((entry) => !messageIds.has(entry.messageId));
  }

  requests(): PortalRequest[] {
    const requests: PortalRequest[] = [];
    let current: PortalCallEntry[] = [];
    let size = ENVELOPE_BYTES;
    // Per dossier in the current request: the record the portal holds before it.
    const startsFrom = new Map<string, Record<string, unknown> | null>();
    const flush = (): void => {
      startsFrom.clear();
      if (current.length === 0) return;
      const lastOfDossier = new Map(current.map((entry) => [entry.dossierCode, entry.record]));
      requests.push({
        body: { ...this.fields, data: current.map((entry) => entry.record) },
        messageIds: [...new Set(current.map((entry) => entry.messageId))],
        notes: new Map(
          current.map((entry) => [
            entry.messageId,
            { dossierCode: entry.dossierCode, sentRecord: lastOfDossier.get(entry.dossierCode)! },
          ]),
        ),
      });
      current = [];
      size = ENVELOPE_BYTES;
    };
    for (const entry of this.entries) {
      // One byte for the comma between records.
      const backToStart = isDeepStrictEqual(startsFrom.get(entry.dossierCode), entry.record);
      if (size + entry.bytes + 1 > MAX_REQUEST_BYTES || backToStart) flush();
      if (!startsFrom.has(entry.dossierCode)) startsFrom.set(entry.dossierCode, entry.previous);
      current.push(entry);
      size += entry.bytes + 1;
    }
    flush();
    return requests;
  }
}
