import { once, type EventEmitter } from 'node:events';
import { expectEventually } from '../../test/support/expect-eventually';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { validateEnvironment } from '@lgsp/config';
import { logFileDestination } from './log-destination';
import { logRedaction } from './redaction';

describe('LOG_FILE', () => {
  const folder = mkdtempSync(join(tmpdir(), 'lgsp-log-file-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('is read into the log settings, and a file is always JSON', () => {
    const config = validateEnvironment({
      KAFKA_BROKERS: '127.0.0.1:9092',
      LOG_FILE: '/var/log/lgsp/bus.log',
      LOG_FORMAT: 'pretty',
    });
    expect(config.log).toEqual({ level: 'info', format: 'json', file: '/var/log/lgsp/bus.log' });
    expect(validateEnvironment({ KAFKA_BROKERS: '127.0.0.1:9092', LOG_FILE: '' }).log.file).toBeUndefined();
  });

  it('appends redacted JSON lines, one stream per file shared by the loggers of a process', async () => {
    const file = join(folder, 'nested', 'bus.log');
    const stream = logFileDestination(file) as pino.DestinationStream & EventEmitter & { flushSync(): void };
    // The file opens asynchronously (the folder is made first); lines logged before are buffered.
    await once(stream, 'ready');
    expect(logFileDestination(file)).toBe(stream);
    pino(logRedaction(), stream).info({ applicant: { fullName: 'Nguyễn Văn An' } }, 'first');
    pino(logRedaction(), logFileDestination(file)).warn('citizen 001203012345');
    // A logger may hand its line to the stream a tick later: wait for both lines, then look at them.
    const lines = await expectEventually(() => {
      stream.flushSync();
      const written = readFileSync(file, 'utf8').trim().split('\n');
      expect(written).toHaveLength(2);
      return written;
    });
    // Both lines, redacted, in the one file; the two loggers' relative order is not what is asserted.
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg).sort()).toEqual([
      'citizen *********345',
      'first',
    ]);
    expect(lines.join('\n')).not.toContain('Nguyễn');
  });
});
