import { Injectable } from '@nestjs/common';
import { CONNECTOR_STATE_INTERVAL_MS } from '@lgsp/messaging';
import { ConnectorBacklogs } from './connector-backlog.service';
import { ConnectorStateReader } from './connector-state.reader';
import { ConnectorsView, connectorsView } from './connectors.view';

/** Five missed reports: a busy event loop may delay one or two, a stopped worker misses them all. */
export const STALE_AFTER_MS = 5 * CONNECTOR_STATE_INTERVAL_MS;
/**
 * A stale replica stays listed (marked) this long, so operators see that a worker went and when; then it is
 * dropped. Fifteen minutes: by then even the longest call window of its last report has run out.
 */
export const FORGET_AFTER_MS = 15 * 60_000;

@Injectable()
export class OpsConnectors {
  constructor(
    private readonly reader: ConnectorStateReader,
    private readonly backlogs: ConnectorBacklogs,
  ) {}

  view(now = Date.now()): ConnectorsView {
    return connectorsView(this.reader.records(), this.backlogs.current(), now, {
      staleAfterMs: STALE_AFTER_MS,
      forgetAfterMs: FORGET_AFTER_MS,
    });
  }
}
