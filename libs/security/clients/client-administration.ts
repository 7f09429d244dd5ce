import { auditChainSql, type AuditJson } from '@lgsp/audit';
import type { Transaction } from '@lgsp/persistence';
import { ALL_AGENCIES } from '../access/principal';
import { isScope, type Scope } from '../access/scope';
import { CLIENT_ID_PATTERN, type ApiClient } from './api-client';
import { apiClientSql, type ApiClientChanges } from './api-client.repository';
import { generateClientSecret, hashClientSecret } from './client-secret';

/** A request the clients command cannot carry out as given; the message says what to change. */
export class ClientAdministrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClientAdministrationError';
  }
}

export interface ClientDraft {
  clientId: string;
  description?: string;
  scopes: string[];
  agencies: string[];
  citizenFields?: string[];
  rateLimitPerMinute?: number | null;
}

export type RunInTransaction = <T>(work: (tx: Transaction) => Promise<T>) => Promise<T>;

const AGENCY_PATTERN = /^[A-Za-z0-9._-]{1,64}$/u;
const FIELD_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,63}$/u;

function checkedScopes(scopes: string[]): Scope[] {
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (unknown.length > 0) throw new ClientAdministrationError(`unknown scopes: ${unknown.join(', ')}`);
  if (scopes.length === 0) throw new ClientAdministrationError('a client needs at least one scope');
  return scopes.filter(isScope);
}

function checkedAgencies(agencies: string[]): string[] {
  const bad = agencies.filter((agency) => agency !== ALL_AGENCIES && !AGENCY_PATTERN.test(agency));
  if (bad.length > 0) throw new ClientAdministrationError(`not agency codes: ${bad.join(', ')}`);
  if (agencies.length === 0) {
    throw new ClientAdministrationError(
      `a client is bound to at least one agency (or ${ALL_AGENCIES} for all)`,
    );
  }
  return agencies;
}

function checkedFields(fields: string[]): string[] {
  const bad = fields.filter((field) => !FIELD_PATTERN.test(field));
  if (bad.length > 0) throw new ClientAdministrationError(`not citizen field names: ${bad.join(', ')}`);
  return fields;
}

function checkedRate(rate: number | null | undefined): number | null | undefined {
  if (rate === undefined || rate === null) return rate;
  if (!Number.isInteger(rate) || rate < 0) {
    throw new ClientAdministrationError('a rate limit is a whole number of requests a minute (0: no limit)');
  }
  return rate;
}

/** What the record says of a client, without its secret hash (for listings and audit details). */
export function describeClient(client: ApiClient): { [key: string]: AuditJson } {
  return {
    clientId: client.clientId,
    description: client.description,
    scopes: client.scopes,
    agencies: client.agencies,
    citizenFields: client.citizenFields,
    rateLimitPerMinute: client.rateLimitPerMinute,
    createdAt: client.createdAt.toISOString(),
    secretRotatedAt: client.secretRotatedAt.toISOString(),
    disabledAt: client.disabledAt?.toISOString() ?? null,
  };
}

/**
 * Creates, changes, rotates and disables clients, each change in one transaction with its record in the
 * client-admin audit chain (a failed audit write undoes the change). A secret is returned once, to be handed
 * to the client's operator; only its hash is stored.
 */
export class ClientAdministration {
  constructor(
    private readonly run: RunInTransaction,
    private readonly operator: string,
  ) {}

  async create(draft: ClientDraft): Promise<{ client: ApiClient; secret: string }> {
    if (!CLIENT_ID_PATTERN.test(draft.clientId)) {
      throw new ClientAdministrationError(
        'a client id is 3 to 64 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit',
      );
    }
    const secret = generateClientSecret();
    const record = {
      clientId: draft.clientId,
      description: draft.description ?? '',
      secretHash: await hashClientSecret(secret),
      scopes: checkedScopes(draft.scopes),
      agencies: checkedAgencies(draft.agencies),
      citizenFields: checkedFields(draft.citizenFields ?? []),
      rateLimitPerMinute: checkedRate(draft.rateLimitPerMinute) ?? null,
    };
    const client = await this.run(async (tx) => {
      if (!(await apiClientSql.insert(tx, record))) {
        throw new ClientAdministrationError(`client ${draft.clientId} already exists`);
      }
      const created = await this.mustFind(tx, draft.clientId);
      await this.audit(tx, 'client-create', created);
      return created;
    });
    return { client, secret };
  }

  list(): Promise<ApiClient[]> {
    return this.run((tx) => apiClientSql.list(tx));
  }

  /** Scopes are given as words and checked here, like create's. */
  async update(
    clientId: string,
    changes: Omit<ApiClientChanges, 'scopes'> & { scopes?: string[] },
  ): Promise<ApiClient> {
    const checked: ApiClientChanges = {
      description: changes.description,
      scopes: changes.scopes && checkedScopes(changes.scopes),
      agencies: changes.agencies && checkedAgencies(changes.agencies),
      citizenFields: changes.citizenFields && checkedFields(changes.citizenFields),
      rateLimitPerMinute: checkedRate(changes.rateLimitPerMinute),
    };
    return this.change(clientId, 'client-update', (tx) => apiClientSql.update(tx, clientId, checked));
  }

  /** A new secret; the old one stops working at once (tokens already issued run out within their lifetime). */
  async rotateSecret(clientId: string): Promise<string> {
    const secret = generateClientSecret();
    const hash = await hashClientSecret(secret);
    await this.change(clientId, 'client-rotate-secret', (tx) =>
      apiClientSql.replaceSecret(tx, clientId, hash),
    );
    return secret;
  }

  disable(clientId: string): Promise<ApiClient> {
    return this.change(clientId, 'client-disable', (tx) => apiClientSql.setDisabled(tx, clientId, true));
  }

  enable(clientId: string): Promise<ApiClient> {
    return this.change(clientId, 'client-enable', (tx) => apiClientSql.setDisabled(tx, clientId, false));
  }

  private change(
    clientId: string,
    action: string,
    work: (tx: Transaction) => Promise<boolean>,
  ): Promise<ApiClient> {
    return this.run(async (tx) => {
      if (!(await work(tx))) throw new ClientAdministrationError(`no client ${clientId}`);
      const client = await this.mustFind(tx, clientId);
      await this.audit(tx, action, client);
      return client;
    });
  }

  private async mustFind(tx: Transaction, clientId: string): Promise<ApiClient> {
    const client = await apiClientSql.find(tx, clientId);
    if (!client) throw new ClientAdministrationError(`no client ${clientId}`);
    return client;
  }

  private async audit(tx: Transaction, action: string, client: ApiClient): Promise<void> {
    await auditChainSql.append(
      tx,
      'client-admin',
      [
        {
          stream: 'client-admin',
          actor: this.operator,
          action,
          subject: client.clientId,
          details: describeClient(client),
        },
      ],
      new Date(),
    );
  }
}
