import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { Client } from 'pg';
import { PrivatePostgres } from '../support/chaos/private-postgres';
import { expectEventually } from '../support/expect-eventually';

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  return client;
}

async function expectRefused(url: string): Promise<void> {
  await expect(connect(url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
}

describe('chaos: a private PostgreSQL that a test may crash', () => {
  let postgres: PrivatePostgres | undefined;

  afterAll(async () => {
    await postgres?.destroy();
  });

  it('keeps every committed row across a crash under writes, and leaves nothing behind once destroyed', async () => {
    postgres = await PrivatePostgres.start();
    const { url } = postgres;
    expect(url).toBe(`postgres://postgres@127.0.0.1:${postgres.port}/chaos`);
    expect(postgres.isRunning()).toBe(true);

    const setup = await connect(url);
    const [{ data_directory: dataDir }] = (
      await setup.query<{ data_directory: string }>('SHOW data_directory')
    ).rows;
    expect(dataDir.startsWith(tmpdir())).toBe(true);
    await setup.query('CREATE TABLE accepted (id integer PRIMARY KEY)');
    await setup.end();

    // Writers insert one autocommitted row at a time and note the rows the server acknowledged, until the
    // crash cuts them off; a row counts as accepted only once its INSERT has returned.
    const acknowledged: number[] = [];
    let next = 0;
    const writer = async (): Promise<unknown> => {
      const client = await connect(url);
      client.on('error', () => undefined);
      try {
        for (;;) {
          const id = next++;
          await client.query('INSERT INTO accepted (id) VALUES ($1)', [id]);
          acknowledged.push(id);
        }
      } catch (error) {
        return error;
      }
    };
    const writers = Array.from({ length: 4 }, writer);
    await expectEventually(() => expect(acknowledged.length).toBeGreaterThanOrEqual(300), {
      timeoutMs: 30_000,
    });

    await postgres.stop('immediate');
    expect(postgres.isRunning()).toBe(false);
    // Every writer was cut off by the crash. (Not toBeInstanceOf(Error): socket errors come from Node's realm,
    // not the test's, whose Error is another constructor.)
    for (const error of await Promise.all(writers)) expect(error).toHaveProperty('message');
    await expectRefused(url);

    await postgres.start();
    expect(postgres.isRunning()).toBe(true);
    const reader = await connect(url);
    const { rows } = await reader.query<{ id: number }>('SELECT id FROM accepted');
    await reader.end();
    const present = new Set(rows.map((row) => row.id));
    expect(acknowledged.filter((id) => !present.has(id))).toEqual([]);

    await postgres.destroy();
    await postgres.destroy();
    expect(postgres.isRunning()).toBe(false);
    await expectRefused(url);
    expect(existsSync(dataDir)).toBe(false);
    expect(existsSync(dirname(dataDir))).toBe(false);
  }, 120_000);
});
