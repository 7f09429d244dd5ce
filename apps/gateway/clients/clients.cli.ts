import { userInfo } from 'node:os';
import { Client } from 'pg';
import { auditChainSql } from '@lgsp/audit';
import { validateEnvironment } from '@lgsp/config';
import { migrateSchema, transactionsOn } from '@lgsp/persistence';
import { ClientAdministration, ClientAdministrationError, signingKeySql } from '@lgsp/security';
import { parseCommand, runClientCommand } from './clients-command';

/**
 * `npm run clients -- …`: creates, lists, changes, rotates and disables the bus's API clients, and rotates the
 * token-signing key, in the database DATABASE_URL and DATABASE_SCHEMA name (the bus's own environment, validated
 * as the apps validate it). Every change is one transaction with its client-admin audit record. Exit codes: 0
 * done, 2 refused (usage, unknown client, bad value), 3 failed.
 */
async function main(argv: string[]): Promise<void> {
  const parsed = parseCommand(argv);
  const config = validateEnvironment(process.env);
  const { url, schema } = config.database;
  await migrateSchema(url, schema);
  const connection = new Client({ connectionString: url, options: `-c search_path=${schema}` });
  await connection.connect();
  const inTransaction = transactionsOn(connection);
  const operator = parsed.values.operator ?? process.env.LGSP_OPERATOR ?? userInfo().username;
  const rotateKey = () =>
    inTransaction(async (tx) => {
      const keyId = await signingKeySql.create(tx, config.access.keyEncryptionSecret, { onlyIfNone: false });
      if (!keyId) throw new Error('no signing key was made');
      await auditChainSql.append(
        tx,
        'client-admin',
        [
          {
            stream: 'client-admin',
            actor: operator,
            action: 'signing-key-rotate',
            subject: keyId,
            details: {},
          },
        ],
        new Date(),
      );
      return keyId;
    });
  try {
    const result = await runClientCommand(
      parsed,
      new ClientAdministration(inTransaction, operator),
      rotateKey,
    );
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await connection.end();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(error instanceof ClientAdministrationError ? 2 : 3);
});
