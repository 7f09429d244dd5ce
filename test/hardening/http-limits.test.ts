import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { MAX_BODY_BYTES } from '@lgsp/http';
import { useGatewayUnderTest } from '../support/gateway/gateway-under-test';

/**
 * Short, so the stalled sender is cut off quickly, but longer than the fixture's first token request (a signing
 * key is made then), which the handler deadline would otherwise answer with 503.
 */
const REQUEST_TIMEOUT_MS = 3_000;

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from the last byte written to the answer's end. */
  afterMs: number;
}

/**
 * Writes `head` (and nothing more) on a plain socket and reads the answer until the server closes the connection
 * or has sent the whole body its Content-Length announces. No sleep: the test waits on the socket.
 */
function rawExchange(port: number, head: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let sentAt = 0;
    let settled = false;
    const finish = () => {
      const answer = parseAnswer(received, Date.now() - sentAt);
      if (!answer || settled) return;
      settled = true;
      socket.destroy();
      resolve(answer);
    };
    socket.on('connect', () => socket.write(head, () => (sentAt = Date.now())));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const answer = parseAnswer(received, 0);
      if (answer && Buffer.byteLength(answer.body) >= Number(answer.headers['content-length'] ?? Infinity)) {
        finish();
      }
    });
    socket.on('close', () => {
      finish();
      if (!settled) reject(new Error(`connection closed without an answer: ${received.toString()}`));
    });
    socket.on('error', (error) => {
      if (!settled && received.length === 0) reject(error);
    });
  });
}

function parseAnswer(bytes: Buffer, afterMs: number): RawAnswer | undefined {
  const text = bytes.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: text.slice(end + 4), afterMs };
}

describe('HTTP limits: security headers, slow senders, oversize bodies', () => {
  const gateway = useGatewayUnderTest('http-limits', {
    HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    // A verification must be able to end (504) before the request deadline does.
    CITIZEN_VERIFICATION_DEADLINE_MS: String(REQUEST_TIMEOUT_MS / 2),
    PAYMENT_GATEWAY_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS / 2),
  });
  const port = () => ((gateway.app().getHttpServer() as Server).address() as AddressInfo).port;

  it('sends security headers on answers and errors alike', async () => {
    for (const response of [
      await gateway.http().get('/v1/contracts').expect(200),
      await gateway.http().get('/no-such-route').expect(404),
    ]) {
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'strict-transport-security': 'max-age=31536000',
        'referrer-policy': 'no-referrer',
      });
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toContain('upgrade-insecure-requests');
    }
  });

  it('still serves Swagger UI, whose scripts are all files the policy allows', async () => {
    const page = await gateway.http().get('/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, content] of scripts) {
      // No inline script: script-src 'self' lets every one of them run.
      expect(attributes).toMatch(/src="\.\/docs\/[\w.-]+\.js"/);
      expect(content.trim()).toBe('');
      const src = /src="([^"]+)"/.exec(attributes)![1];
      await gateway.http().get(src.slice(1)).expect(200);
    }
    await gateway.http().get('/docs/swagger-ui.css').expect(200);
  });

  it('answers 408 and closes the connection when a sender stalls its body', async () => {
    const answer = await rawExchange(
      port(),
      'POST /v1/dossiers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        'Content-Length: 100\r\n\r\n{"dossierCode":',
    );
    expect(answer.status).toBe(408);
    // Cut off near its deadline, not after Node's default 30 s check interval.
    expect(answer.afterMs).toBeLessThan(REQUEST_TIMEOUT_MS * 2);
  });

  it('refuses a body over MAX_BODY_BYTES with 413 problem+json before reading it', async () => {
    const answer = await rawExchange(
      port(),
      'POST /v1/dossiers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${MAX_BODY_BYTES + 1}\r\n\r\n`,
    );
    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 413 });
  });
});
