import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '@lgsp/observability';
import { Transaction } from '@lgsp/persistence';
import { StaleEvent, StaleEventRepository } from './stale-event.repository';

/** Past this many distinct clients, further ones share one series: the client id is still a caller's header. */
const MAX_CLIENT_SERIES = 100;
const OTHER_CLIENTS = 'other';

/**
 * Records each event the intake judged stale under the client that sent it: a row in the intake's transaction
 * (the operator view, cluster-wide) and, once committed, a Prometheus counter per client (alerting). A client
 * whose stale count grows has a clock or an ordering problem; docs/intake-policy.md says what it should do.
 */
@Injectable()
export class StaleEventRecorder {
  private readonly counter: Counter<'client'>;
  private readonly clients = new Set<string>();

  constructor(
    private readonly events: StaleEventRepository,
    registry: MetricsRegistry,
  ) {
    this.counter = new Counter({
      name: 'lgsp_gateway_stale_events_total',
      help: 'Events accepted as stale (older than the last one applied to their dossier, status unchanged), per client',
      labelNames: ['client'],
      registers: [registry],
    });
  }

  record(tx: Transaction, clientId: string, events: StaleEvent[]): Promise<void> {
    return this.events.append(tx, clientId, events);
  }

  /** Called after the transaction committed, so a refused request counts nothing. */
  counted(clientId: string, count: number): void {
    if (count > 0) this.counter.inc({ client: this.seriesOf(clientId) }, count);
  }

  private seriesOf(clientId: string): string {
    if (this.clients.has(clientId)) return clientId;
    if (this.clients.size >= MAX_CLIENT_SERIES) return OTHER_CLIENTS;
    this.clients.add(clientId);
    return clientId;
  }
}
