import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { AUDIT_STREAMS, AuditStream, isAuditStream } from './audit-record';
import { ChainReport, verifyChain } from './audit-verifier';

const USAGE = `usage: npm run audit -- verify [--stream ${AUDIT_STREAMS.join('|')}]`;

/** A mistake in how the command was called, as opposed to a broken chain: exit code 2. */
class UsageError extends Error {}

function describe(report: ChainReport): string {
  const found = report.break;
  if (found) {
    return `${report.stream}: BROKEN at sequence ${found.sequence} (${found.kind}): ${found.explanation}`;
  }
  return `${report.stream}: intact, ${report.records} records, head ${report.head.sequence} ${report.head.hash}`;
}

/**
 * `npm run audit -- verify [--stream X]`: walks each chain of the audit record (in the schema of DATABASE_URL and
 * DATABASE_SCHEMA, as the bus reads them) and names the first altered, inserted or deleted record. Exit code 1 when
 * a chain is broken. Reads in one repeatable-read transaction: appends during the walk do not move what it sees.
 */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { stream: { type: 'string' } },
  });
  if (positionals.length !== 1 || positionals[0] !== 'verify') throw new UsageError(USAGE);
  const stream = values.stream;
  if (stream !== undefined && !isAuditStream(stream))
    throw new UsageError(`unknown stream ${stream}\n${USAGE}`);
  const streams: readonly AuditStream[] = stream ? [stream] : AUDIT_STREAMS;
  const schema = process.env.DATABASE_SCHEMA ?? 'lgsp';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema))
    throw new UsageError('DATABASE_SCHEMA must be a lower-case SQL identifier');
  const client = new Client({
    connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    options: `-c search_path=${schema}`,
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ found: string | null }>(
      `SELECT to_regclass('audit_record') AS found`,
    );
    if (!rows[0]?.found) {
      throw new UsageError(
        `schema ${schema} holds no audit record: set DATABASE_SCHEMA (and DATABASE_URL) as the bus's, whose ` +
          'start applies the migrations',
      );
    }
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    let broken = 0;
    for (const name of streams) {
      const report = await verifyChain(client, name);
      if (report.break) broken += 1;
      console.log(describe(report));
    }
    await client.query('COMMIT');
    return broken > 0 ? 1 : 0;
  } finally {
    await client.end();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(error instanceof UsageError ? 2 : 3);
  },
);
