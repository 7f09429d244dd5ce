import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testLogDir } from './log-scan/test-log-run';

const SCHEMAS_FILE = 'schemas.txt';

/** Notes a schema a test file creates, in the run's folder, so the run can drop it if the file cannot. */
export function noteRunSchema(schema: string): void {
  const dir = testLogDir();
  if (dir) appendFileSync(join(dir, SCHEMAS_FILE), `${schema}\n`);
}

/**
 * Drops every schema the run's test files created and left, synchronously: it runs from an exit hook, after a
 * Ctrl+C or SIGTERM ended the run in the middle of a file whose afterAll never came. A child process does the
 * work, since nothing asynchronous runs in an exit hook.
 */
export function dropRunSchemas(databaseUrl: string): void {
  const dir = testLogDir();
  const file = dir ? join(dir, SCHEMAS_FILE) : undefined;
  if (!file || !existsSync(file)) return;
  const schemas = [
    ...new Set(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((name) => /^test_\w+$/.test(name)),
    ),
  ];
  if (schemas.length === 0) return;
  const script =
    "const { Client } = require('pg');" +
    'const [url, ...schemas] = process.argv.slice(1);' +
    '(async () => { const client = new Client({ connectionString: url }); await client.connect();' +
    ' for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);' +
    ' await client.end(); })().catch((error) => { console.error(error.message); process.exit(1); });';
  const result = spawnSync(process.execPath, ['-e', script, databaseUrl, ...schemas], {
    cwd: join(__dirname, '..', '..'),
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 30_000,
  });
  if (result.status !== 0) console.error(`could not drop the run's test schemas: ${schemas.join(', ')}`);
}
