import { DynamicModule, Type } from '@nestjs/common';
import {
  NationalPortalSyncModule,
  PortalInboundModule,
  nationalPortalConfig,
} from '@lgsp/adapters/national-portal';
import { OneStopModule, oneStopConfig } from '@lgsp/adapters/one-stop';
import { PopulationDatabaseModule, populationDatabaseConfig } from '@lgsp/adapters/population-database';
import { ConfigSlice, InvalidConfigurationError } from '@lgsp/config';
import { DossierTraceModule } from './dossier-trace/dossier-trace.module';

/** What the worker runs for one connector. */
export interface Connector {
  /** Declares the connector's handlers (@EventPattern or @MessagePattern on its controllers) or its pollers. */
  module: Type | DynamicModule;
  /** Its partner's variables, validated at boot when the connector runs. */
  config?: ConfigSlice;
}

/**
 * Every connector a worker can run, and the only list of them. CONNECTORS picks some (default: all), so each can
 * scale on its own by running workers with different lists. Adding a connector: its folder under adapters/ and
 * one line here.
 */
export const CONNECTORS: Readonly<Record<string, Connector>> = {
  'dossier-trace': { module: DossierTraceModule },
  'national-portal': { module: NationalPortalSyncModule, config: nationalPortalConfig },
  'portal-inbound': { module: PortalInboundModule, config: nationalPortalConfig },
  'one-stop': { module: OneStopModule, config: oneStopConfig },
  'population-database': { module: PopulationDatabaseModule, config: populationDatabaseConfig },
};

/** The connectors CONNECTORS names (comma-separated), every one when it is not set. */
export function enabledConnectors(value: string | undefined): Connector[] {
  if (value === undefined || value.trim() === '') return Object.values(CONNECTORS);
  if (!/^[a-z-]+(,[a-z-]+)*$/.test(value)) {
    throw new InvalidConfigurationError(['CONNECTORS must be a comma-separated list of connector names']);
  }
  const names = value.split(',');
  const unknown = names.filter((name) => !Object.hasOwn(CONNECTORS, name));
  if (unknown.length > 0) {
    throw new InvalidConfigurationError([
      `CONNECTORS names unknown connectors: ${unknown.join(', ')} (known: ${Object.keys(CONNECTORS).join(', ')})`,
    ]);
  }
  return names.map((name) => CONNECTORS[name]);
}

/** The configuration slices of these connectors, each once (two connectors may share a partner's). */
export function configSlicesOf(connectors: readonly Connector[]): ConfigSlice[] {
  return [...new Set(connectors.flatMap((connector) => (connector.config ? [connector.config] : [])))];
}
