import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import axios from 'axios';
import { Logger } from 'nestjs-pino';
import { startGateway } from '../../apps/gateway/gateway.bootstrap';
import { expectEventually } from '../support/expect-eventually';
import { personalDataIn } from '../support/log-scan/personal-data-in';
import { scanRunLogs } from '../support/log-scan/scan-run-logs';
import { readSent, recordSent, testLogDir } from '../support/log-scan/test-log-run';
import { createTestEnvironment, type TestEnvironment } from '../support/test-environment';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJsb2ctc2NhbiJ9.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtMTIzNDU2Nzg5MA';

/**
 * The run's log scan (the jest global teardown) can fail: an app logging to its LOG_FILE a full name a test sent,
 * or a token, makes it throw a report naming file:line and never the value. Its own folder here, so the run's
 * scan sees none of these deliberate leaks.
 */
describe('log scan of the apps’ logs', () => {
  const folder = mkdtempSync(join(tmpdir(), 'lgsp-log-scan-'));
  const logFile = join(folder, 'gateway.log');
  let env: TestEnvironment;
  let gateway: INestApplication | undefined;

  beforeAll(async () => {
    env = createTestEnvironment('log-scan');
    gateway = await startGateway({ ...env.overrides, LOG_FILE: logFile, LOG_LEVEL: 'info' });
  });

  afterAll(async () => {
    await gateway?.close();
    await env.release();
    rmSync(folder, { recursive: true, force: true });
  });

  const lines = (): string[] => readFileSync(logFile, 'utf8').split('\n').filter(Boolean);

  it('an app with LOG_FILE appends its info lines there, one JSON object a line', async () => {
    await expectEventually(() => {
      expect(existsSync(logFile)).toBe(true);
      expect(lines().map((line) => (JSON.parse(line) as { level: number }).level)).toContain(30);
    });
  });

  it('fails on a sent full name an app logged in clear, reporting file:line masked', async () => {
    recordSent({ personalIds: ['079203012345'], fullNames: ['Lê Thị Log Scan'] }, folder);
    expect(scanRunLogs(folder)).toMatch(/^1 log files clean of 1 personal IDs, 1 full names/u);

    // A field redaction does not know by name: the kind of leak the scan is there to catch.
    gateway!.get(Logger).warn({ remark: 'hồ sơ của LÊ THỊ LOG SCAN' }, 'dossier remark');
    const leakLine = await expectEventually(() => {
      const index = lines().findIndex((line) => line.includes('dossier remark'));
      expect(index).toBeGreaterThanOrEqual(0);
      return index + 1;
    });
    const report = (() => {
      try {
        scanRunLogs(folder);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(report).toContain(`${logFile}:${leakLine} full name l… t… l… s…`);
    expect(report).not.toMatch(/LÊ THỊ|Lê Thị/u);
  });

  it('fails on a bearer credential or a JWT, whoever wrote the line', () => {
    appendFileSync(join(folder, 'child.log'), `not json: Authorization: Bearer ${JWT}\n`);
    expect(() => scanRunLogs(folder)).toThrow(/child\.log:1 JWT eyJhbG…/u);
  });
});

describe('recording what the tests send', () => {
  let server: Server;

  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.end('{}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('records the personal ID and full name of every JSON body a test process sends', async () => {
    const { port } = server.address() as AddressInfo;
    await axios.post(`http://127.0.0.1:${port}/v1/dossiers`, {
      dossierCode: 'H56-REC-1',
      applicant: { personalId: '079299000111', fullName: 'Phạm Ghi Nhận' },
    });
    const sent = readSent(testLogDir()!);
    expect(sent.personalIds.has('079299000111')).toBe(true);
    expect(sent.fullNames.has('phạm ghi nhận')).toBe(true);
  });

  it('reads the partners’ own fields: nested JSON names, SOAP elements, the portal’s ChuHoSo', () => {
    expect(
      personalDataIn(
        JSON.stringify({
          data: [{ ChuHoSo: 'Võ Thị Cổng', MaDoiTuong: '079199000222' }],
          CongDan: { HoVaTen: { Ho: 'Đặng', ChuDem: 'Văn', Ten: 'Xà Phòng' } },
        }),
      ),
    ).toEqual({ personalIds: ['079199000222'], fullNames: ['Võ Thị Cổng', 'Đặng Văn Xà Phòng'] });
    const soap =
      '<soap:Body><ns:CongDan><ns:SoDinhDanh>079199000333</ns:SoDinhDanh><ns:HoVaTen>TRẦN XÀ</ns:HoVaTen></ns:CongDan>' +
      '<HoVaTen><Ho>Lý</Ho><ChuDem>Thị</ChuDem><Ten>Mộc</Ten></HoVaTen></soap:Body>';
    expect(personalDataIn(soap)).toEqual({
      personalIds: ['079199000333'],
      fullNames: ['TRẦN XÀ', 'Lý Thị Mộc'],
    });
    expect(personalDataIn('{"dossierCode":"H56-1"}')).toEqual({ personalIds: [], fullNames: [] });
  });
});
