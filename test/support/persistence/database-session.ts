import { Client } from 'pg';
import { databaseUrl } from '../test-environment';

/**
 * A session of its own on the run's database, with `schema` on its search path: what a second process (another
 * replica, another deployment) would hold. `lockTimeoutMs` cuts lock waits short, so a wait shows as an error.
 */
export async function databaseSession(schema: string, lockTimeoutMs?: number): Promise<Client> {
  const lockTimeout = lockTimeoutMs === undefined ? '' : ` -c lock_timeout=${lockTimeoutMs}`;
  const client = new Client({
    connectionString: databaseUrl(),
    options: `-c search_path=${schema}${lockTimeout}`,
  });
  await client.connect();
  return client;
}
