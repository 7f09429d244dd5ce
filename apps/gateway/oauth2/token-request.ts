import { OAuth2Error } from './oauth2-error';

/** The form body of a token request: each parameter once (RFC 6749 §3.2). */
export type TokenForm = Record<string, string>;

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  usedBasic: boolean;
}

/** `application/x-www-form-urlencoded`, refusing a parameter sent twice. */
export function parseTokenForm(body: string): TokenForm {
  const form: TokenForm = {};
  for (const [name, value] of new URLSearchParams(body)) {
    if (name in form) throw new OAuth2Error('invalid_request', `${name} is sent more than once`);
    form[name] = value;
  }
  return form;
}

/** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64, so decode each half again. */
function basicCredentials(header: string): ClientCredentials {
  const encoded = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(header.trim())?.[1];
  const decoded = encoded === undefined ? '' : Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) throw new OAuth2Error('invalid_client', 'the Basic credentials are malformed', true);
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      clientSecret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
      usedBasic: true,
    };
  } catch {
    throw new OAuth2Error('invalid_client', 'the Basic credentials are not form-urlencoded', true);
  }
}

/**
 * How the client authenticates: HTTP Basic or `client_id`/`client_secret` in the form, never both (RFC 6749
 * §2.3: one method per request).
 */
export function clientCredentialsOf(authorization: string | undefined, form: TokenForm): ClientCredentials {
  const inForm = form.client_id !== undefined || form.client_secret !== undefined;
  if (authorization !== undefined) {
    if (inForm) {
      throw new OAuth2Error(
        'invalid_request',
        'send client credentials either with HTTP Basic or in the form, not both',
      );
    }
    return basicCredentials(authorization);
  }
  if (!form.client_id || !form.client_secret) {
    throw new OAuth2Error(
      'invalid_client',
      'client authentication is required: HTTP Basic, or client_id and client_secret',
    );
  }
  return { clientId: form.client_id, clientSecret: form.client_secret, usedBasic: false };
}
