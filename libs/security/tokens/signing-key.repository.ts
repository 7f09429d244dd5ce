import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Transaction } from '@lgsp/persistence';
import { sealPrivateKey } from './key-sealing';

/** ECDSA on P-256: small tokens, fast verification, and every JOSE library knows it. */
export const SIGNING_ALGORITHM = 'ES256';

export interface StoredSigningKey {
  keyId: string;
  publicJwk: JWK;
  sealedPrivateKey: string;
  createdAt: Date;
  retiredAt: Date | null;
}

interface KeyRow {
  key_id: string;
  public_jwk: JWK;
  sealed_private_key: string;
  created_at: Date;
  retired_at: Date | null;
}

const keyOf = (row: KeyRow): StoredSigningKey => ({
  keyId: row.key_id,
  publicJwk: row.public_jwk,
  sealedPrivateKey: row.sealed_private_key,
  createdAt: row.created_at,
  retiredAt: row.retired_at,
});

/** The SQL of the signing keys; stateless, like the other repositories the clients command shares. */
export const signingKeySql = {
  /**
   * Keys that may still verify a token: not retired, or retired less than `graceSeconds` ago (the longest a
   * token lives, plus clock tolerance). Newest first; the first one not retired is the signer.
   */
  async usable(tx: Transaction, graceSeconds: number): Promise<StoredSigningKey[]> {
    const { rows } = await tx.query<KeyRow>(
      `SELECT key_id, public_jwk, sealed_private_key, created_at, retired_at FROM token_signing_key
       WHERE retired_at IS NULL OR retired_at > now() - make_interval(secs => $1)
       ORDER BY created_at DESC, key_id`,
      [graceSeconds],
    );
    return rows.map(keyOf);
  },

  /**
   * Makes a new signing key and retires the others (they keep verifying until their tokens expire). Replicas
   * creating the first key at once take turns on an advisory lock; `onlyIfNone` then makes the later ones
   * keep the key the first made.
   */
  async create(
    tx: Transaction,
    secret: string,
    options: { onlyIfNone: boolean },
  ): Promise<string | undefined> {
    // Advisory locks belong to the whole database: the schema keeps deployments sharing one apart.
    await tx.query(
      "SELECT pg_advisory_xact_lock(hashtext(current_schema() || E'\\nlgsp:token-signing-key'))",
    );
    if (options.onlyIfNone) {
      const { rows } = await tx.query('SELECT 1 FROM token_signing_key WHERE retired_at IS NULL LIMIT 1');
      if (rows.length > 0) return undefined;
    }
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const keyId = await calculateJwkThumbprint(publicJwk);
    const sealed = sealPrivateKey(JSON.stringify(await exportJWK(privateKey)), keyId, secret);
    await tx.query('UPDATE token_signing_key SET retired_at = now() WHERE retired_at IS NULL');
    await tx.query(
      `INSERT INTO token_signing_key (key_id, algorithm, public_jwk, sealed_private_key) VALUES ($1, $2, $3, $4)`,
      [keyId, SIGNING_ALGORITHM, { ...publicJwk, kid: keyId, alg: SIGNING_ALGORITHM, use: 'sig' }, sealed],
    );
    return keyId;
  },
};
