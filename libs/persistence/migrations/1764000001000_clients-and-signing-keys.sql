-- Up Migration
-- Who may call the bus (libs/security). A client's secret is stored only as a slow hash (scrypt); its scopes,
-- agencies and visible citizen fields bound what its tokens may do. Managed with `npm run clients`, audited in
-- the client-admin chain.
CREATE TABLE api_client (
  client_id text PRIMARY KEY CHECK (client_id ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  description text NOT NULL DEFAULT '',
  secret_hash text NOT NULL,
  scopes text[] NOT NULL,
  agencies text[] NOT NULL,
  citizen_fields text[] NOT NULL DEFAULT '{}',
  -- NULL: the bus's default rate; 0: no limit (load tests, bulk exchange).
  rate_limit_per_minute integer CHECK (rate_limit_per_minute IS NULL OR rate_limit_per_minute >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  secret_rotated_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);

-- Keys that sign access tokens. The newest key not retired signs; a retired key still verifies (and stays in
-- the JWKS) until every token it signed has expired. Private keys are sealed with AUTH_KEY_ENCRYPTION_SECRET.
CREATE TABLE token_signing_key (
  key_id text PRIMARY KEY,
  algorithm text NOT NULL,
  public_jwk jsonb NOT NULL,
  sealed_private_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);
CREATE INDEX token_signing_key_active ON token_signing_key (created_at DESC) WHERE retired_at IS NULL;
