import { Injectable } from '@nestjs/common';
import { DatabaseService } from '@lgsp/persistence';
import type { ApiClient } from './api-client';
import { apiClientSql } from './api-client.repository';
import { UNKNOWN_CLIENT_HASH, verifyClientSecret } from './client-secret';

/**
 * How long a replica trusts what it read of a client: a client disabled, or a scope or agency taken away, stops
 * working everywhere within this (tokens themselves are checked against the record on every request).
 */
const CLIENT_CACHE_MS = 5_000;

interface CachedClient {
  readAt: number;
  client: Promise<ApiClient | undefined>;
}

/** The registered clients, as every request's access check reads them. */
@Injectable()
export class ClientDirectory {
  private readonly cache = new Map<string, CachedClient>();

  constructor(private readonly db: DatabaseService) {}

  /** An enabled client by id (read at most every few seconds per replica), or undefined. */
  async enabled(clientId: string): Promise<ApiClient | undefined> {
    const now = Date.now();
    let cached = this.cache.get(clientId);
    if (!cached || now - cached.readAt >= CLIENT_CACHE_MS) {
      cached = { readAt: now, client: this.db.transaction((tx) => apiClientSql.find(tx, clientId)) };
      this.cache.set(clientId, cached);
      // A failed read is not kept: the next request reads again.
      cached.client.catch(() => this.cache.delete(clientId));
    }
    const client = await cached.client;
    return client && client.disabledAt === null ? client : undefined;
  }

  /**
   * The client whose id and secret these are, read fresh (a rotated secret or a disabled client counts at
   * once), or undefined. An unknown id costs a hash check too, so timing does not tell which ids exist.
   */
  async authenticate(clientId: string, secret: string): Promise<ApiClient | undefined> {
    const client = await this.db.transaction((tx) => apiClientSql.find(tx, clientId));
    const matches = await verifyClientSecret(secret, client?.secretHash ?? UNKNOWN_CLIENT_HASH);
    return client && matches && client.disabledAt === null ? client : undefined;
  }
}
