import pino from 'pino';
import { Writable } from 'node:stream';
import { logRedaction, maskTokens } from './redaction';

/** A real-looking RS256 access token: header, claims, signature, each base64url. */
const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJvbmUtc3RvcCIsInNjb3BlIjoiZG9zc2llcnM6d3JpdGUifQ.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtMTIzNDU2Nzg5MA';

function logLine(payload: object, message: string): string {
  let written = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  pino(logRedaction(), sink).warn(payload, message);
  return written;
}

describe('token redaction in free text', () => {
  it('masks a JWT anywhere in a string, whatever precedes it', () => {
    expect(maskTokens(`token ${JWT} refused`)).toBe('token [redacted-jwt] refused');
    expect(maskTokens(`access_token=${JWT}&x=1`)).toBe('access_token=[redacted-jwt]&x=1');
  });

  it('masks the credential of an Authorization value, keeping its scheme', () => {
    expect(maskTokens('sent Authorization: Bearer opaque-token-0123456789abcdef')).toBe(
      'sent Authorization: Bearer [redacted]',
    );
    expect(maskTokens(`bearer ${JWT}`)).toBe('bearer [redacted-jwt]');
  });

  it('leaves challenges and ordinary dotted text alone', () => {
    const challenge = 'Bearer realm="lgsp", error="invalid_token"';
    expect(maskTokens(challenge)).toBe(challenge);
    expect(maskTokens('version 1.2.3 of eyJ.x')).toBe('version 1.2.3 of eyJ.x');
  });

  it('masks tokens in log messages, payload strings and errors', () => {
    const line = logLine(
      { note: `caller sent ${JWT}`, err: new Error(`verify failed for Bearer ${JWT}`) },
      `request with ${JWT}`,
    );
    expect(line).not.toContain(JWT);
    expect(line).not.toContain(JWT.split('.')[1]);
    expect(line).toContain('[redacted-jwt]');
  });
});
