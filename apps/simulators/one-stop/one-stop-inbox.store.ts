import { Injectable } from '@nestjs/common';
import { Clock } from '../kit/clock';
import { ResetRegistry } from '../kit/reset.registry';

export const INBOX_KINDS = ['filed-dossiers', 'payment-results', 'delivery-failures'] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

export interface InboxItem {
  id: string;
  kind: InboxKind;
  receivedAt: string;
  /** The dossier code or order id the item is about, when it names one. */
  key?: string;
  idempotencyKey?: string;
  /** True when an item with the same idempotency key arrived before. */
  duplicate: boolean;
  body: Record<string, unknown>;
}

const KEY_FIELDS = ['dossierCode', 'MaHoSo', 'orderId', 'key'];

/** What the one-stop system received from the bus, per kind, in arrival order. */
@Injectable()
export class OneStopInboxStore {
  private items: InboxItem[] = [];
  private readonly seenKeys = new Set<string>();

  constructor(
    private readonly clock: Clock,
    resets: ResetRegistry,
  ) {
    resets.add(this);
  }

  add(kind: InboxKind, body: Record<string, unknown>, idempotencyKey: string | undefined): InboxItem {
    const keyField = KEY_FIELDS.find((field) => typeof body[field] === 'string');
    const scopedKey = idempotencyKey === undefined ? undefined : `${kind}:${idempotencyKey}`;
    const duplicate = scopedKey !== undefined && this.seenKeys.has(scopedKey);
    if (scopedKey !== undefined) this.seenKeys.add(scopedKey);
    const item: InboxItem = {
      id: `${kind}-${this.items.length + 1}`,
      kind,
      receivedAt: this.clock.now().toISOString(),
      key: keyField ? String(body[keyField]) : undefined,
      idempotencyKey,
      duplicate,
      body,
    };
    this.items.push(item);
    return item;
  }

  list(filter: { kind?: InboxKind; key?: string } = {}): InboxItem[] {
    return this.items.filter(
      (item) => (!filter.kind || item.kind === filter.kind) && (!filter.key || item.key === filter.key),
    );
  }

  stats(): Record<InboxKind, number> & { duplicates: number } {
    const counts = { 'filed-dossiers': 0, 'payment-results': 0, 'delivery-failures': 0, duplicates: 0 };
    for (const item of this.items) {
      counts[item.kind] += 1;
      if (item.duplicate) counts.duplicates += 1;
    }
    return counts;
  }

  reset(): void {
    this.items = [];
    this.seenKeys.clear();
  }
}
