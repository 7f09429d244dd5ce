import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

const VERSION = 'v1';
const derivedKeys = new Map<string, Buffer>();

/** One AES-256 key per secret, derived once per process (scrypt is slow on purpose). */
function keyOf(secret: string): Buffer {
  let key = derivedKeys.get(secret);
  if (!key) {
    key = scryptSync(secret, 'lgsp:token-signing-key', 32);
    derivedKeys.set(secret, key);
  }
  return key;
}

export class KeySealingError extends Error {
  constructor() {
    super(
      'A token-signing key cannot be unsealed: AUTH_KEY_ENCRYPTION_SECRET is not the one it was sealed with',
    );
    this.name = 'KeySealingError';
  }
}

/** AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>` in base64url; the key id is bound as additional data. */
export function sealPrivateKey(plain: string, keyId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  cipher.setAAD(Buffer.from(keyId));
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), sealed]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function unsealPrivateKey(sealed: string, keyId: string, secret: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || !data) throw new KeySealingError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch (error) {
    throw Object.assign(new KeySealingError(), { cause: error });
  }
}
