import { Injectable } from '@nestjs/common';
import { importJWK, type JWK, type KeyLike } from 'jose';
import { BusConfig } from '@lgsp/config';
import { DatabaseService } from '@lgsp/persistence';
import { unsealPrivateKey } from './key-sealing';
import { SIGNING_ALGORITHM, StoredSigningKey, signingKeySql } from './signing-key.repository';

/** Tokens live at most an hour (AUTH_TOKEN_TTL_SECONDS); a retired key verifies that long, plus a minute. */
const RETIRED_KEY_GRACE_SECONDS = 3_600 + 60;
/** How stale this process's view of the keys may get: a rotation reaches every replica within this. */
const REFRESH_MS = 30_000;
/** A token naming a key this process does not know makes it look again, at most this often. */
const UNKNOWN_KEY_REFRESH_MS = 1_000;

interface KeySet {
  loadedAt: number;
  keys: StoredSigningKey[];
  publicKeys: Map<string, KeyLike | Uint8Array>;
}

export interface Signer {
  keyId: string;
  privateKey: KeyLike | Uint8Array;
}

/**
 * The token-signing keys, read from the database and shared by every replica. A rotation (`npm run clients --
 * rotate-key`) adds a key that signs from then on; tokens signed by the old one stay valid until they expire,
 * because the old key keeps verifying and stays published at /.well-known/jwks.json meanwhile.
 */
@Injectable()
export class SigningKeys {
  private current?: Promise<KeySet>;
  private signerOf?: { keyId: string; signer: Promise<Signer> };

  constructor(
    private readonly db: DatabaseService,
    private readonly config: BusConfig,
  ) {}

  /** The key that signs new tokens; the first caller ever makes one. */
  async signer(): Promise<Signer> {
    let keys = await this.keySet();
    let active = keys.keys.find((key) => key.retiredAt === null);
    if (!active) {
      await this.db.transaction((tx) =>
        signingKeySql.create(tx, this.config.access.keyEncryptionSecret, { onlyIfNone: true }),
      );
      keys = await this.reload();
      active = keys.keys.find((key) => key.retiredAt === null);
      if (!active) throw new Error('No token-signing key after creating one');
    }
    if (this.signerOf?.keyId !== active.keyId) {
      const { keyId, sealedPrivateKey } = active;
      const privateJwk = JSON.parse(
        unsealPrivateKey(sealedPrivateKey, keyId, this.config.access.keyEncryptionSecret),
      ) as JWK;
      this.signerOf = {
        keyId,
        signer: importJWK(privateJwk, SIGNING_ALGORITHM).then((privateKey) => ({ keyId, privateKey })),
      };
    }
    return this.signerOf.signer;
  }

  /** The public key a token names, if it may still verify. */
  async verificationKey(keyId: string): Promise<KeyLike | Uint8Array | undefined> {
    let keys = await this.keySet();
    if (!keys.publicKeys.has(keyId) && Date.now() - keys.loadedAt >= UNKNOWN_KEY_REFRESH_MS) {
      keys = await this.reload();
    }
    return keys.publicKeys.get(keyId);
  }

  /** The JSON Web Key Set: every key that may still verify a token. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const keys = await this.keySet();
    return { keys: keys.keys.map((key) => key.publicJwk) };
  }

  /** Reads the keys again now rather than within REFRESH_MS (after a rotation by this process, in tests). */
  async refresh(): Promise<void> {
    await this.reload();
  }

  private keySet(): Promise<KeySet> {
    if (!this.current) return this.reload();
    return this.current.then((keys) => (Date.now() - keys.loadedAt >= REFRESH_MS ? this.reload() : keys));
  }

  private reload(): Promise<KeySet> {
    const loading = this.load();
    this.current = loading;
    // A failed load is not cached: the next caller tries again.
    loading.catch(() => {
      if (this.current === loading) this.current = undefined;
    });
    return loading;
  }

  private async load(): Promise<KeySet> {
    const keys = await this.db.transaction((tx) => signingKeySql.usable(tx, RETIRED_KEY_GRACE_SECONDS));
    const publicKeys = new Map<string, KeyLike | Uint8Array>();
    for (const key of keys) publicKeys.set(key.keyId, await importJWK(key.publicJwk, SIGNING_ALGORITHM));
    return { loadedAt: Date.now(), keys, publicKeys };
  }
}
