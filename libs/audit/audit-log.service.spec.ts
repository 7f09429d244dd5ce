import { DatabaseService, Transaction } from '@lgsp/persistence';
import { AuditEntry, GENESIS_HASH } from './audit-record';
import { AuditLog } from './audit-log.service';

/** Stands in for PostgreSQL: counts transactions and the rows of each INSERT, one chain head carried along. */
class RecordingDatabase {
  readonly inserts: number[] = [];
  open = 0;
  mostOpen = 0;
  private head = { sequence: '0', hash: GENESIS_HASH };

  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    this.open += 1;
    this.mostOpen = Math.max(this.mostOpen, this.open);
    try {
      await new Promise((resolve) => setTimeout(resolve, 5)); // a commit takes time: others queue meanwhile
      return await work({ query: this.query } as unknown as Transaction);
    } finally {
      this.open -= 1;
    }
  }

  private readonly query = (sql: string, params: unknown[]) => {
    if (sql.startsWith('SELECT')) return Promise.resolve({ rows: [this.head] });
    if (sql.startsWith('INSERT')) this.inserts.push((params[1] as unknown[]).length);
    if (sql.startsWith('UPDATE')) this.head = { sequence: String(params[1]), hash: String(params[2]) };
    return Promise.resolve({ rows: [] });
  };
}

const entry = (subject: string): AuditEntry => ({
  stream: 'citizen-lookup',
  actor: 'client-1',
  action: 'verify-citizen',
  subject,
  details: {},
});

function logOver(db: RecordingDatabase, maxBatch = 500): AuditLog {
  return new AuditLog(db as unknown as DatabaseService, { windowMs: 2, maxBatch });
}

describe('AuditLog group commit', () => {
  it('writes appends arriving within the window as one INSERT in one transaction', async () => {
    const db = new RecordingDatabase();
    const log = logOver(db);
    const records = await Promise.all(
      Array.from({ length: 50 }, (_, index) => log.append(entry(`${index}`))),
    );
    expect(db.inserts).toEqual([50]);
    expect(records.map((record) => record.sequence)).toEqual(
      Array.from({ length: 50 }, (_, index) => index + 1),
    );
  });

  it('queues what arrives during a write for the next batch, one write at a time per stream', async () => {
    const db = new RecordingDatabase();
    const log = logOver(db);
    const first = Promise.all([log.append(entry('a')), log.append(entry('b'))]);
    await new Promise((resolve) => setTimeout(resolve, 4)); // the first batch is being written
    const second = Promise.all([log.append(entry('c')), log.append(entry('d')), log.append(entry('e'))]);
    await Promise.all([first, second]);
    expect(db.inserts).toEqual([2, 3]);
    expect(db.mostOpen).toBe(1);
  });

  it('by default waits no window: appends of one turn go together, at once', async () => {
    jest.useFakeTimers();
    try {
      const db = new RecordingDatabase();
      const log = new AuditLog(db as unknown as DatabaseService);
      const appended = Promise.all(Array.from({ length: 10 }, (_, index) => log.append(entry(`${index}`))));
      // No time passes: the batch is being written already (a window would hold it back).
      await jest.advanceTimersByTimeAsync(0);
      expect(db.open).toBe(1);
      await jest.advanceTimersByTimeAsync(5); // the stand-in commit
      await appended;
      expect(db.inserts).toEqual([10]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('splits a queue longer than maxBatch into several INSERTs', async () => {
    const db = new RecordingDatabase();
    const log = logOver(db, 20);
    await Promise.all(Array.from({ length: 45 }, (_, index) => log.append(entry(`${index}`))));
    expect(db.inserts).toEqual([20, 20, 5]);
  });

  it('writes what is queued when the module stops instead of leaving it to a timer', async () => {
    const db = new RecordingDatabase();
    const log = logOver(db);
    const pending = log.append(entry('last'));
    await log.onModuleDestroy();
    expect(db.inserts).toEqual([1]);
    await expect(pending).resolves.toMatchObject({ sequence: 1 });
  });
});
