import { Injectable } from '@nestjs/common';
import { CONNECTOR_STATE_INTERVAL_MS } from '@lgsp/messaging';
import { PartnerState, PartnerStateRepository } from '@lgsp/persistence';
import { SHARED_PARTNERS } from '../partner-controls/partner-controls.request';
import { ConnectorBacklogs } from './connector-backlog.service';
import { ConnectorStateReader } from './connector-state.reader';
import { ConnectorsView, SharedPartnerView, connectorsView } from './connectors.view';

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
    private readonly partners: PartnerStateRepository,
  ) {}

  /** The replicas' reports merged, with what they share about each partner (override, maintenance window). */
  async view(now = Date.now()): Promise<ConnectorsView> {
    const view = connectorsView(this.reader.records(), this.backlogs.current(), now, {
      staleAfterMs: STALE_AFTER_MS,
      forgetAfterMs: FORGET_AFTER_MS,
    });
    const shared = new Set<string>(SHARED_PARTNERS);
    const names = view.connectors.map((connector) => connector.name).filter((name) => shared.has(name));
    const states = new Map((await this.partners.read(names)).map((state) => [state.partner, state]));
    return {
      ...view,
      connectors: view.connectors.map((connector) => {
        const state = states.get(connector.name);
        return state ? { ...connector, shared: sharedView(state) } : connector;
      }),
    };
  }
}

function sharedView(state: PartnerState): SharedPartnerView {
  return {
    state: state.state,
    forced: state.forced
      ? {
          state: state.forced,
          by: state.forcedBy,
          reason: state.forcedReason,
          at: state.forcedAt?.toISOString() ?? null,
        }
      : null,
    maintenance: state.maintenance
      ? { until: state.maintenance.endsAt.toISOString(), reason: state.maintenance.reason }
      : null,
  };
}
