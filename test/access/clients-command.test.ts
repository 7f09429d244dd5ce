import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { decodeProtectedHeader } from 'jose';
import { SigningKeys } from '@lgsp/security';
import { PROJECT_ROOT } from '../support/commands/command-process';
import { bearer, requestToken } from '../support/access/test-clients';
import { useGatewayUnderTest } from '../support/gateway/gateway-under-test';

const run = promisify(execFile);

interface Printed {
  clientId?: string;
  clientSecret?: string;
  keyId?: string;
  disabledAt?: string | null;
}

describe('npm run clients: clients are managed with a command, never with SQL', () => {
  const gateway = useGatewayUnderTest('clients-command');
  const clients = async (args: string[]): Promise<Printed & Printed[]> => {
    const { stdout } = await run(
      process.execPath,
      ['-r', '@swc-node/register', 'apps/gateway/clients/clients.cli.ts', ...args],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, ...gateway.env.overrides, LGSP_OPERATOR: 'ops-on-duty' },
        timeout: 60_000,
      },
    );
    return JSON.parse(stdout) as Printed & Printed[];
  };

  it('creates a client whose secret, shown once, gets a token; lists it without the secret; disables it', async () => {
    const created = await clients([
      'create',
      'one-stop-khanh-hoa',
      '--scopes=dossier:write,dossier:read',
      '--agencies=H56.20',
      '--description=Khanh Hoa one-stop system',
    ]);
    expect(created).toMatchObject({
      clientId: 'one-stop-khanh-hoa',
      scopes: ['dossier:write', 'dossier:read'],
    });
    const credentials = { clientId: 'one-stop-khanh-hoa', secret: created.clientSecret ?? '' };
    const token = await requestToken(gateway.url(), credentials);
    await gateway.http().get('/v1/dossiers/H56.22-NONE-000001/trace').set(bearer(token)).expect(404);

    const listed = JSON.stringify(await clients(['list']));
    expect(listed).toContain('one-stop-khanh-hoa');
    expect(listed).not.toContain(credentials.secret);
    expect(listed).not.toContain('scrypt');

    const rotated = await clients(['rotate-secret', 'one-stop-khanh-hoa']);
    await expect(requestToken(gateway.url(), credentials)).rejects.toMatchObject({
      response: { status: 401 },
    });
    await requestToken(gateway.url(), { ...credentials, secret: rotated.clientSecret ?? '' });

    expect((await clients(['disable', 'one-stop-khanh-hoa'])).disabledAt).toEqual(expect.any(String));
    await expect(
      requestToken(gateway.url(), { ...credentials, secret: rotated.clientSecret ?? '' }),
    ).rejects.toMatchObject({ response: { status: 401 } });
  });

  it('refuses an unknown scope or a missing agency with exit code 2, naming it', async () => {
    await expect(
      clients(['create', 'bad-scopes', '--scopes=dossier:delete', '--agencies=H56.20']),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown scopes: dossier:delete'),
    });
    await expect(clients(['create', 'no-agency', '--scopes=dossier:read'])).rejects.toMatchObject({
      code: 2,
    });
    await expect(clients(['disable', 'nobody-at-all'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no client nobody-at-all'),
    });
  });

  it('rotates the signing key: the key set then publishes both, and every change is in the audit record', async () => {
    const before = (await gateway.http().get('/.well-known/jwks.json')).body.keys as { kid: string }[];
    const { keyId } = await clients(['rotate-key']);
    // Replicas read the keys every 30 s; this one is told now rather than waited for.
    await gateway.app().get(SigningKeys).refresh();
    const after = (await gateway.http().get('/.well-known/jwks.json')).body.keys as { kid: string }[];
    expect(after.map((key) => key.kid).sort()).toEqual([keyId, ...before.map((key) => key.kid)].sort());
    const token = await gateway.tokenOf(await gateway.createClient('after-rotation'));
    expect(decodeProtectedHeader(token).kid).toBe(keyId);

    const { stdout } = await run(
      process.execPath,
      ['-r', '@swc-node/register', 'libs/audit/audit.cli.ts', 'verify', '--stream', 'client-admin'],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, ...gateway.env.overrides },
      },
    );
    expect(stdout).toMatch(/client-admin: intact, \d+ records/);
  });
});
