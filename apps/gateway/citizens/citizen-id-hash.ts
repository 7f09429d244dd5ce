import { createHmac } from 'node:crypto';

/**
 * What stands for a personal ID in the audit record: HMAC-SHA256 under the bus's key, hex. Only the digits count,
 * so `001 203 012 345` and `001203012345` are one person. Searchable (the same ID always gives the same hash) but
 * not readable: without the key, not even the 10^12 possible IDs can be tried.
 */
export function citizenIdHash(key: string, personalId: string): string {
  return createHmac('sha256', key).update(personalId.replace(/\D/gu, '')).digest('hex');
}
