import { SignJWT, decodeJwt, decodeProtectedHeader, generateKeyPair } from 'jose';
import { DatabaseService } from '@lgsp/persistence';
import { BusConfig } from '@lgsp/config';
import { ClientAdministration, SigningKeys, TokenIssuer, signingKeySql } from '@lgsp/security';
import { expectEventually } from '../support/expect-eventually';
import { bearer } from '../support/access/test-clients';
import { useGatewayUnderTest } from '../support/gateway/gateway-under-test';

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access tokens: only ours, unexpired, of an enabled client; keys rotate without downtime', () => {
  const gateway = useGatewayUnderTest('token-verification');
  const probe = (token: string) => gateway.http().get('/v1/ops/stale-events').set(bearer(token));

  let token: string;
  beforeAll(async () => {
    token = await gateway.tokenOf(await gateway.createClient('ops-console', { scopes: ['ops:read'] }));
  });

  it('accepts its own token', async () => {
    await probe(token).expect(200);
  });

  it('refuses an expired token with invalid_token', async () => {
    const issuer = gateway.app().get(TokenIssuer);
    const expired = await issuer.issue(
      'ops-console',
      ['ops:read' as never],
      new Date(Date.now() - 3_600_000),
    );
    const answer = await probe(expired.accessToken).expect(401);
    expect(answer.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(answer.body.detail).toContain('expired');
  });

  it('refuses a token signed by another key under our key id, unsigned (alg none), HMAC or altered', async () => {
    const { kid, typ } = decodeProtectedHeader(token);
    const header = { kid, typ };
    const claims = decodeJwt(token);
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT(claims).setProtectedHeader({ ...header, alg: 'ES256' }).sign(privateKey);
    const unsigned = `${b64({ ...header, alg: 'none' })}.${b64(claims)}.`;
    const jwks = (await gateway.http().get('/.well-known/jwks.json')).body as { keys: object[] };
    const confused = await new SignJWT(claims)
      .setProtectedHeader({ ...header, alg: 'HS256' })
      .sign(Buffer.from(JSON.stringify(jwks.keys[0])));
    const [head, , signature] = token.split('.');
    const altered = `${head}.${b64({ ...claims, scope: 'ops:read ops:write' })}.${signature}`;
    const garbage = 'not.a.token';
    for (const bad of [forged, unsigned, confused, altered, garbage]) {
      const answer = await probe(bad).expect(401);
      expect(answer.headers['www-authenticate']).toContain('error="invalid_token"');
      expect(JSON.stringify(answer.body)).not.toContain(bad.slice(0, 20));
    }
    await gateway
      .http()
      .get('/v1/ops/stale-events')
      .set({ authorization: `Basic ${Buffer.from('ops-console:x').toString('base64')}` })
      .expect(401);
  });

  it('keeps tokens of a rotated key valid until they expire, and signs new ones with the new key', async () => {
    const app = gateway.app();
    const oldKey = decodeProtectedHeader(token).kid;
    const secret = app.get(BusConfig).access.keyEncryptionSecret;
    const newKey = await app
      .get(DatabaseService)
      .transaction((tx) => signingKeySql.create(tx, secret, { onlyIfNone: false }));
    // Other replicas see the new key within 30 s; this one is told now.
    await app.get(SigningKeys).refresh();

    await probe(token).expect(200);
    const fresh = await gateway.tokenOf({ clientId: 'ops-console', secret: await rotateNothing() });
    expect(decodeProtectedHeader(fresh).kid).toBe(newKey);
    await probe(fresh).expect(200);
    const kids = (await gateway.http().get('/.well-known/jwks.json')).body.keys.map(
      (key: { kid: string }) => key.kid,
    );
    expect(kids).toEqual(expect.arrayContaining([oldKey, newKey]));
  });

  it('stops accepting the tokens of a disabled client within seconds', async () => {
    const client = await gateway.createClient('soon-disabled', { scopes: ['ops:read'] });
    const own = await gateway.tokenOf(client);
    await probe(own).expect(200);
    const db = gateway.app().get(DatabaseService);
    await new ClientAdministration((work) => db.transaction(work), 'test-operator').disable('soon-disabled');
    await expectEventually(async () => probe(own).expect(401), { timeoutMs: 10_000, intervalMs: 250 });
    const refused = await gateway
      .http()
      .post('/oauth2/token')
      .auth(client.clientId, client.secret)
      .type('form')
      .send('grant_type=client_credentials')
      .expect(401);
    expect(refused.body.error).toBe('invalid_client');
  });

  let opsSecret: string | undefined;
  /** The ops-console client's secret, rotated once (so the test also shows a rotated secret works). */
  async function rotateNothing(): Promise<string> {
    if (opsSecret) return opsSecret;
    const db = gateway.app().get(DatabaseService);
    opsSecret = await new ClientAdministration((work) => db.transaction(work), 'test-operator').rotateSecret(
      'ops-console',
    );
    return opsSecret;
  }
});
