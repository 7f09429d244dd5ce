import { PROFILES, TEST_LINE_SCENARIOS } from '../support/chaos/chaos-scenarios';
import { runChaosSuite } from '../support/chaos/chaos-suite';
import { ReconciliationRow, printTable, totals } from '../support/chaos/reconciliation';

/**
 * The promise under faults, short profile (npm run test:chaos runs the full one): under a steady mixed load, every
 * request the bus accepted is delivered once in effect or dead-lettered with a reason that is not the fault
 * itself, whatever was killed, cut or stopped in between; lag returns to zero and breakers close.
 */
describe('chaos: nothing accepted is lost or applied twice under faults (short profile)', () => {
  let rows: ReconciliationRow[] = [];

  beforeAll(async () => {
    rows = await runChaosSuite({
      profile: PROFILES.short,
      only: TEST_LINE_SCENARIOS,
      say: (line) => console.log(`[chaos] ${line}`),
    });
    const lines: string[] = [];
    printTable(rows, (line) => lines.push(line));
    console.log([...lines, JSON.stringify(totals(rows))].join('\n'));
  }, 1_500_000);

  it('runs every scenario with accepted work', () => {
    expect(rows.map((row) => row.scenario)).toEqual(TEST_LINE_SCENARIOS);
    for (const row of rows) expect([row.scenario, row.accepted > 0]).toEqual([row.scenario, true]);
  });

  it('loses nothing and applies nothing twice', () => {
    const broken = rows
      .filter((row) => row.lost > 0 || row.duplicated > 0 || row.pending > 0)
      .map((row) => ({ ...row, findings: row.findings.slice(0, 10) }));
    expect(broken).toEqual([]);
  });

  it('dead-letters every poison message with its reason', () => {
    for (const row of rows) {
      expect([row.scenario, row.injected_found_dead_lettered]).toEqual([
        row.scenario,
        row.injected_dead_letters,
      ]);
    }
  });

  it('accounts for every accepted request', () => {
    for (const row of rows) {
      expect([row.scenario, row.delivered + row.dead_lettered + row.pending]).toEqual([
        row.scenario,
        row.accepted,
      ]);
    }
  });
});
