import { BusConfig } from '@lgsp/config';
import { SignJWT, generateKeyPair } from 'jose';
import { ACCESS_TOKEN_TYPE, InvalidTokenError } from './access-token';
import { SIGNING_ALGORITHM } from './signing-key.repository';
import { SigningKeys } from './signing-keys.service';
import { TokenVerifier } from './token-verifier.service';

const ISSUER = 'https://lgsp.example.gov.vn';
const AUDIENCE = 'lgsp-bus';

async function setUp() {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALGORITHM);
  const keyState = { usable: true };
  const keys = {
    verificationKey: (keyId: string) =>
      Promise.resolve(keyId === 'key-1' && keyState.usable ? publicKey : undefined),
  } as unknown as SigningKeys;
  const config = { access: { issuer: ISSUER, audience: AUDIENCE } } as unknown as BusConfig;
  const token = await new SignJWT({ scope: 'dossier:write' })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: 'key-1', typ: ACCESS_TOKEN_TYPE })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject('one-stop')
    .setJti('token-1')
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(privateKey);
  return { verifier: new TokenVerifier(keys, config), token, keyState };
}

describe('TokenVerifier', () => {
  afterEach(() => jest.useRealTimers());

  it('answers a token verified before with the same claims', async () => {
    const { verifier, token } = await setUp();
    const first = await verifier.verify(token);
    expect(first).toMatchObject({ clientId: 'one-stop', scopes: ['dossier:write'], tokenId: 'token-1' });
    await expect(verifier.verify(token)).resolves.toEqual(first);
  });

  it('refuses a token verified before once its key may no longer verify', async () => {
    const { verifier, token, keyState } = await setUp();
    await verifier.verify(token);
    keyState.usable = false;
    await expect(verifier.verify(token)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses a token verified before once it has expired', async () => {
    const { verifier, token } = await setUp();
    await verifier.verify(token);
    jest.useFakeTimers({ now: Date.now() + 66_000, doNotFake: ['nextTick', 'setImmediate'] });
    await expect(verifier.verify(token)).rejects.toThrow('the token has expired');
  });
});
