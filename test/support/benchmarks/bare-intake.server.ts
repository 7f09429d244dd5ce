import { createServer } from 'node:http';
import { Pool } from 'pg';

/**
 * The baseline of `bench:dossiers`'s intake: a bare `node:http` server that writes each request's body down with
 * one autocommitted INSERT and answers 202, run as a process of its own. What the bus's gateway is measured
 * against: the cost of accepting durably, with nothing else (no validation, no token, no ledger, no outbox).
 *
 * Environment: DATABASE_URL, BARE_SCHEMA (created if missing), BARE_PORT; prints "listening" once it listens.
 */
const schema = process.env.BARE_SCHEMA ?? 'bench_bare';
if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('BARE_SCHEMA must be a plain identifier');
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: 40,
  options: `-c search_path=${schema}`,
});

async function main(): Promise<void> {
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await pool.query('CREATE TABLE IF NOT EXISTS intake (id bigserial PRIMARY KEY, body jsonb NOT NULL)');
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      pool.query('INSERT INTO intake (body) VALUES ($1)', [Buffer.concat(chunks).toString('utf8')]).then(
        () => response.writeHead(202, { 'content-type': 'application/json' }).end('{"outcome":"accepted"}'),
        () => response.writeHead(503).end(),
      );
    });
  });
  server.keepAliveTimeout = 72_000;
  server.listen(Number(process.env.BARE_PORT ?? 0), '127.0.0.1', () => console.log('listening'));
  const stop = (): void => {
    server.close();
    void pool.end().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
