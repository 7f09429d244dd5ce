import { migrateSchema } from '@lgsp/persistence';
import { createTestEnvironment, databaseUrl } from '../support/test-environment';

describe('schema migrations', () => {
  const env = createTestEnvironment('migrations');

  afterAll(() => env.release());

  it('let several processes start at once: they take turns and the migrations apply once', async () => {
    const runs = await Promise.all(Array.from({ length: 4 }, () => migrateSchema(databaseUrl(), env.schema)));
    const applied = runs.flat();
    expect(applied.length).toBeGreaterThan(0);
    expect(new Set(applied).size).toBe(applied.length);
  });
});
