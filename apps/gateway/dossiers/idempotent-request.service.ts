import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { DatabaseService, IdempotencyKeyRepository, Transaction } from '@lgsp/persistence';

export interface GatewayAnswer<T> {
  status: number;
  body: T;
  /** True when this is the stored answer to an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

const KEY_SHAPE = /^[A-Za-z0-9._:-]{1,128}$/;

export function fingerprintOf(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${JSON.stringify(body)}`)
    .digest('hex');
}

/** Refuses a key that is not one: it names the header. */
export function checkIdempotencyKey(key: string | undefined): void {
  if (key === undefined || KEY_SHAPE.test(key)) return;
  throw new DomainError(DomainErrorCode.ValidationFailed, 'Idempotency-Key is not a valid key', [
    {
      field: 'Idempotency-Key',
      message: 'must be 1 to 128 letters, digits, dots, colons, dashes or underscores',
    },
  ]);
}

/** The answer to a request whose key already answered a different one. */
export function keyReused(key: string): DomainError {
  return new DomainError(
    DomainErrorCode.Conflict,
    `Idempotency-Key ${key} was already used for a different request`,
  );
}

/**
 * Runs a request's work in one transaction and, when the caller sent an Idempotency-Key, stores the answer in
 * that same transaction: a retried request gets the first answer back and has no second effect. Requests
 * refused with an error store nothing and are judged again when retried.
 */
@Injectable()
export class IdempotentRequests {
  constructor(
    private readonly db: DatabaseService,
    private readonly keys: IdempotencyKeyRepository,
  ) {}

  async run<T>(
    request: { clientId: string; key?: string; fingerprint: string },
    status: number,
    work: (tx: Transaction) => Promise<T>,
  ): Promise<GatewayAnswer<T>> {
    const { key, clientId, fingerprint } = request;
    checkIdempotencyKey(key);
    return this.db.transaction(async (tx) => {
      if (key !== undefined) {
        const stored = await this.keys.claimOrFind(tx, clientId, key);
        if (stored) {
          if (stored.fingerprint !== fingerprint) throw keyReused(key);
          return { status: stored.status, body: stored.body as T, replayed: true };
        }
      }
      const body = await work(tx);
      if (key !== undefined) await this.keys.store(tx, clientId, key, { fingerprint, status, body });
      return { status, body, replayed: false };
    });
  }
}
