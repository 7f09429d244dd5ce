import axios from 'axios';
import { Client } from 'pg';
import { ALL_AGENCIES, ALL_SCOPES, ClientAdministration, type ClientDraft } from '@lgsp/security';
import { transactionsOn } from '@lgsp/persistence';
import { databaseUrl } from '../test-environment';

export interface TestClient {
  clientId: string;
  secret: string;
}

/** Everything, everywhere, without a rate limit: what most tests act as when access is not their subject. */
export const FULL_ACCESS: Omit<ClientDraft, 'clientId'> = {
  scopes: [...ALL_SCOPES],
  agencies: [ALL_AGENCIES],
  rateLimitPerMinute: 0,
};

/**
 * Registers a client in a test's schema the way `npm run clients -- create` does (same code, same audit), once
 * the app under test has migrated the schema.
 */
export async function createTestClient(
  schema: string,
  draft: Partial<ClientDraft> & { clientId: string },
  url: string = databaseUrl(),
): Promise<TestClient> {
  const connection = new Client({ connectionString: url, options: `-c search_path=${schema}` });
  await connection.connect();
  try {
    const administration = new ClientAdministration(transactionsOn(connection), 'test-suite');
    const { secret } = await administration.create({ ...FULL_ACCESS, ...draft });
    return { clientId: draft.clientId, secret };
  } finally {
    await connection.end();
  }
}

/** A token from the gateway's token endpoint, as a client gets one (HTTP Basic). */
export async function requestToken(gatewayUrl: string, client: TestClient, scope?: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
  const response = await axios.post<{ access_token: string }>(`${gatewayUrl}/oauth2/token`, form.toString(), {
    auth: { username: client.clientId, password: client.secret },
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  return response.data.access_token;
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
