import { Client } from 'pg';
import { DomainErrorCode } from '@lgsp/contracts';
import type { PortalDossierSummary } from '../e2e/bus-under-test';
import type { ChaosBus } from './chaos-bus';
import type { AcceptedLoad } from './mixed-load';
import { portalHistory, portalTrace } from './dossier-findings';

/** One scenario's line of the table: every accepted request is in exactly one of the last five columns. */
export interface ReconciliationRow {
  scenario: string;
  accepted: number;
  delivered: number;
  dead_lettered: number;
  pending: number;
  lost: number;
  duplicated: number;
  /** From the end of the load until nothing was pending (or the bound passed). */
  drain_s: number;
  /** Messages the scenario injected that no client sent (poison): they belong in a dead-letter topic. */
  injected_dead_letters: number;
  /** Of those, the ones found dead-lettered with a reason. */
  injected_found_dead_lettered: number;
  /** Why accepted work was dead-lettered, and what was seen lost or doubled (for the note). */
  findings: string[];
}

/** Reasons that are the injected fault itself: work dead-lettered for one of them was given up on, so lost. */
const FAULT_REASONS: readonly string[] = [
  DomainErrorCode.PartnerUnavailable,
  DomainErrorCode.DeadlineExceeded,
  DomainErrorCode.ConnectorOpen,
  DomainErrorCode.Busy,
  DomainErrorCode.Internal,
];

interface DeadLetter {
  key: string | null;
  reasonCode: string;
  reason: string;
}

interface Tally {
  accepted: number;
  delivered: number;
  deadLettered: number;
  pending: number;
  duplicated: number;
  findings: string[];
}

/**
 * Counts, from the destinations' own records (the simulators, the audit record), what became of every accepted
 * request: delivered exactly once in effect, dead-lettered with a reason, or still pending; and what arrived
 * more than once. Polls until nothing is pending or `drainBoundMs` passed; what is still pending then is lost.
 */
export async function reconcile(
  scenario: string,
  bus: ChaosBus,
  load: AcceptedLoad,
  options: { drainBoundMs: number; injectedDeadLetters?: number },
): Promise<ReconciliationRow> {
  const started = Date.now();
  const injected = options.injectedDeadLetters ?? 0;
  let tally = await observe(bus, load);
  let poison = await poisonDeadLettered(bus);
  // A fee paid while its callback could not be applied (answered "try again", which the simulated PayGov does not
  // do) is settled by the bus's reconciliation against PayGov. The schedule asks about orders pending for
  // PAYMENT_RECONCILE_AFTER_MS (15 minutes); after an incident an operator asks about every pending order at once.
  await bus.api.post('/v1/ops/payments/reconciliation', { olderThanSeconds: 0 });
  while ((tally.pending > 0 || poison < injected) && Date.now() - started < options.drainBoundMs) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    tally = await observe(bus, load);
    poison = await poisonDeadLettered(bus);
  }
  const drained = tally.pending === 0;
  return {
    scenario,
    accepted: tally.accepted,
    delivered: tally.delivered,
    dead_lettered: tally.deadLettered,
    pending: drained ? 0 : tally.pending,
    lost: drained ? 0 : tally.pending,
    duplicated: tally.duplicated,
    drain_s: Math.round((Date.now() - started) / 100) / 10,
    injected_dead_letters: injected,
    injected_found_dead_lettered: poison,
    findings: tally.findings,
  };
}

async function observe(bus: ChaosBus, load: AcceptedLoad): Promise<Tally> {
  const [portal, deadLetters] = await Promise.all([portalDossiers(bus), openDeadLetters(bus)]);
  const deadByKey = new Map(deadLetters.map((letter) => [letter.key ?? '', letter]));
  const tally: Tally = {
    accepted: 0,
    delivered: 0,
    deadLettered: 0,
    pending: 0,
    duplicated: 0,
    findings: [],
  };
  const paidDossiers = new Set([...load.orders.values()].map((order) => order.dossierCode));
  for (const [code, events] of load.dossiers) {
    tally.accepted += events;
    const held = portal.get(code);
    const paidOnPortal = paidDossiers.has(code) && (held?.paidFees?.length ?? 0) > 0 ? 1 : 0;
    const syncs = (held?.syncCount ?? 0) - paidOnPortal;
    const steps = held?.progressCount ?? 0;
    const doubled = Math.max(0, syncs - events) + Math.max(0, steps - (events - 1));
    const missing = Math.max(0, events - syncs, events - 1 - steps);
    tally.duplicated += doubled;
    if (doubled > 0) {
      tally.findings.push(
        `${code}: ${syncs} syncs and ${steps} steps for ${events} events (${await portalHistory(bus, code)}); ` +
          `the bus's trace: ${await portalTrace(bus, code)}`,
      );
    }
    tally.delivered += events - missing;
    const deadLetter = deadByKey.get(code);
    if (missing > 0 && deadLetter) settleDeadLettered(tally, missing, code, deadLetter);
    else if (missing > 0) {
      tally.pending += missing;
      tally.findings.push(
        `pending ${code}: ${events} events accepted, the portal holds ${held ? await portalHistory(bus, code) : 'nothing'}; ` +
          `the bus's trace: ${await portalTrace(bus, code)}`,
      );
    }
  }
  await tallyVerifications(bus, load, tally);
  await tallyPayments(bus, load, portal, tally);
  return tally;
}

function settleDeadLettered(tally: Tally, count: number, key: string, letter: DeadLetter): void {
  if (FAULT_REASONS.includes(letter.reasonCode)) {
    // Given up on because of the fault itself: the promise was broken. Counted pending, so it ends as lost.
    tally.pending += count;
    tally.findings.push(
      `${key}: dead-lettered for the fault itself (${letter.reasonCode}: ${letter.reason})`,
    );
    return;
  }
  tally.deadLettered += count;
  tally.findings.push(`${key}: dead-lettered (${letter.reasonCode}: ${letter.reason})`);
}

/** A look-up answered with a verdict is delivered when the audit record holds it exactly once. */
async function tallyVerifications(bus: ChaosBus, load: AcceptedLoad, tally: Tally): Promise<void> {
  const ids = [...load.verifications.keys()];
  tally.accepted += ids.length;
  const rows = await query<{ request_id: string; records: string }>(
    bus,
    `SELECT details->>'requestId' AS request_id, count(*) AS records FROM audit_record
      WHERE details->>'requestId' = ANY($1) GROUP BY 1`,
    [ids],
  );
  const recorded = new Map(rows.map((row) => [row.request_id, Number(row.records)]));
  for (const id of ids) {
    const records = recorded.get(id) ?? 0;
    if (records === 0) {
      tally.pending += 1;
      tally.findings.push(
        `pending look-up ${id}: answered ${load.verifications.get(id)}, not in the audit record`,
      );
      continue;
    }
    tally.delivered += 1;
    tally.duplicated += records - 1;
    if (records > 1) tally.findings.push(`look-up ${id}: ${records} audit records`);
  }
}

/**
 * A fee order is delivered when the one-stop system holds its result once and the portal shows its fees paid.
 * The one-stop system applies a repeated delivery (same Idempotency-Key) once, so what it lists is the effect.
 */
async function tallyPayments(
  bus: ChaosBus,
  load: AcceptedLoad,
  portal: Map<string, PortalDossierSummary>,
  tally: Tally,
): Promise<void> {
  const { data: received } = await bus.admins.oneStop.get<
    { duplicate: boolean; body?: { payload?: { orderId?: string } } }[]
  >('/admin/one-stop/received', { params: { kind: 'payment-results' } });
  const results = new Map<string, number>();
  // A delivery repeated under the same Idempotency-Key is recognised there (`duplicate`) and applied once.
  for (const item of received.filter((entry) => !entry.duplicate)) {
    const orderId = item.body?.payload?.orderId;
    if (orderId) results.set(orderId, (results.get(orderId) ?? 0) + 1);
  }
  for (const [orderId, order] of load.orders) {
    tally.accepted += 1;
    const atOneStop = results.get(orderId) ?? 0;
    const paidFees = portal.get(order.dossierCode)?.paidFees ?? [];
    if (atOneStop === 0 || !order.feeCodes.every((fee) => paidFees.includes(fee))) {
      tally.pending += 1;
      tally.findings.push(
        `pending order ${orderId}: ${atOneStop} at the one-stop system, portal fees ${paidFees.join(',')}`,
      );
      continue;
    }
    tally.delivered += 1;
    tally.duplicated += atOneStop - 1;
    if (atOneStop > 1) tally.findings.push(`order ${orderId}: ${atOneStop} results at the one-stop system`);
  }
}

/** What the portal applied for one dossier, in order: `S<status>[+paid]` per sync, `P<status>` per step. */
async function portalDossiers(bus: ChaosBus): Promise<Map<string, PortalDossierSummary>> {
  const { data } = await bus.admins.portal.get<PortalDossierSummary[]>('/admin/portal/dossiers');
  return new Map(data.map((entry) => [entry.maHoSo, entry]));
}

async function openDeadLetters(bus: ChaosBus): Promise<DeadLetter[]> {
  const rows = await query<{ message_key: string | null; reason_code: string; reason: string }>(
    bus,
    "SELECT message_key, reason_code, reason FROM dead_letter WHERE status = 'open'",
  );
  return rows.map((row) => ({ key: row.message_key, reasonCode: row.reason_code, reason: row.reason }));
}

/** The bus's own tables, read as an auditor would; a database being restarted is waited for. */
async function query<T extends object>(bus: ChaosBus, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({
    connectionString: bus.env.overrides.DATABASE_URL,
    options: `-c search_path=${bus.env.schema}`,
  });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Dead letters of messages no client sent (keyed poison-…), each with a reason. */
async function poisonDeadLettered(bus: ChaosBus): Promise<number> {
  const rows = await query<{ count: string }>(
    bus,
    // Each consumer group reading the topic dead-letters it on its own: counted once per message.
    "SELECT count(DISTINCT message_key) AS count FROM dead_letter WHERE message_key LIKE 'poison-%' AND reason <> ''",
  );
  return Number(rows[0]?.count ?? 0);
}

export function printTable(rows: ReconciliationRow[], say: (line: string) => void): void {
  const columns = [
    'accepted',
    'delivered',
    'dead_lettered',
    'pending',
    'lost',
    'duplicated',
    'drain_s',
  ] as const;
  say(`${'scenario'.padEnd(26)} ${columns.map((column) => column.padStart(13)).join(' ')}`);
  for (const row of rows) {
    say(`${row.scenario.padEnd(26)} ${columns.map((column) => String(row[column]).padStart(13)).join(' ')}`);
  }
}

/** The run's last line: every scenario totalled. */
export function totals(rows: ReconciliationRow[]): Record<string, number> {
  const sum = (column: keyof ReconciliationRow): number =>
    rows.reduce((total, row) => total + Number(row[column]), 0);
  return {
    scenarios: rows.length,
    accepted: sum('accepted'),
    delivered: sum('delivered'),
    dead_lettered: sum('dead_lettered'),
    pending: sum('pending'),
    lost: sum('lost'),
    duplicated: sum('duplicated'),
  };
}
