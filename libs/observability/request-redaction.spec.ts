import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pinoHttp from 'pino-http';
import { logRedaction } from './redaction';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvbmUtc3RvcCJ9.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtMTIzNDU2Nzg5MA';

/** pino-http serialises the request after the log formatter ran: its URL and headers need redaction of their own. */
describe('request lines of pino-http', () => {
  let written = '';
  let server: Server;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString();
        done();
      },
    });
    const logger = pinoHttp({ ...logRedaction() }, sink);
    server = createServer((req, res) => {
      logger(req, res);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('masks ID numbers and tokens in the URL and censors credential headers in any case', async () => {
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      const outgoing = httpRequest(
        {
          port,
          host: '127.0.0.1',
          path: `/v1/citizens/001203012345?access_token=${JWT}`,
          headers: { 'X-Admin-Token': 'admin-secret-123', Authorization: `Bearer ${JWT}` },
        },
        (response) => response.resume().on('end', resolve),
      );
      outgoing.on('error', reject).end();
    });
    expect(written).toContain('request completed');
    expect(written).not.toContain('001203012345');
    expect(written).not.toContain(JWT.split('.')[1]);
    expect(written).not.toContain('admin-secret-123');
    expect(written).toContain('/v1/citizens/*********345?access_token=[redacted-jwt]');
  });
});

describe('request serializer: Fastify request parts with their own prototype', () => {
  it('walks the query and params objects too, so a personal ID there is censored', () => {
    const serialize = logRedaction().serializers?.req as (request: unknown) => unknown;
    // Fastify's querystring parser makes objects whose prototype is neither Object's nor null.
    const query = Object.assign(Object.create({ parsedBy: 'fastify' }) as object, {
      personalId: '001203012345',
    });
    const params = Object.assign(Object.create({ parsedBy: 'find-my-way' }) as object, {
      code: '001203012345',
    });
    const line = JSON.stringify(
      serialize({ method: 'GET', url: '/v1/citizens/verifications', query, params }),
    );
    expect(line).not.toContain('001203012345');
  });
});
