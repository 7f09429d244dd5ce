import { LogLevel } from '@nestjs/common';
import { NationalPortalSimulatorModule } from './national-portal/national-portal-simulator.module';
import { NationalPortalSimulatorOptions } from './national-portal/portal-simulator.options';
import { OneStopSimulatorModule } from './one-stop/one-stop-simulator.module';
import { OneStopSimulatorOptions } from './one-stop/one-stop-simulator.options';
import {
  PaymentGatewaySimulatorConfig,
  PaymentGatewaySimulatorModule,
} from './payment-gateway/payment-gateway-simulator.module';
import { PopulationDatabaseSimulatorModule } from './population-database/population-database-simulator.module';
import { PopulationSimulatorOptions } from './population-database/population-simulator.options';
import { newAdminToken, refuseInProduction } from './kit/admin-token';
import { Clock } from './kit/clock';
import { FaultControls } from './kit/fault-controls';
import { FaultSettings } from './kit/fault-settings';
import { SimulatorServer } from './kit/simulator.server';
import { simulatorTls } from './kit/simulator-tls';
import { ControlPlaneServer } from './control-plane.server';

export const SIMULATOR_SYSTEMS = [
  'nationalPortal',
  'populationDatabase',
  'paymentGateway',
  'oneStop',
] as const;
export type SimulatorSystem = (typeof SIMULATOR_SYSTEMS)[number];

export interface SimulatorsOptions {
  /** Shared by all simulators; pass a ManualClock to test expiry without waiting. */
  clock?: Clock;
  /** The admin API's token (x-admin-token); a fresh random one per run when not given. */
  adminToken?: string;
  /** Serve https with the test-only certificate in apps/simulators/kit/tls (its CA: SIMULATOR_CA_FILE). */
  tls?: boolean;
  host?: string;
  /** 0 (the default) takes a free port. */
  ports?: Partial<Record<SimulatorSystem, number>>;
  /** A small HTTP API that can heal a simulator whose listener a "refuse" outage closed; off unless given. */
  controlPort?: number;
  faults?: Partial<Record<SimulatorSystem, FaultSettings>>;
  nationalPortal?: Partial<NationalPortalSimulatorOptions>;
  populationDatabase?: Partial<PopulationSimulatorOptions>;
  paymentGateway?: Omit<PaymentGatewaySimulatorConfig, 'clock' | 'faults' | 'random'>;
  oneStop?: OneStopSimulatorOptions;
  /** Randomness for fault rates and latency samples. */
  random?: () => number;
  logLevels?: LogLevel[];
}

export interface RunningSimulators {
  urls: Record<SimulatorSystem, string> & { control?: string };
  /** What every admin call (each simulator's /admin/*, the control plane) sends in x-admin-token. */
  adminToken: string;
  controls: Record<SimulatorSystem, FaultControls>;
  servers: Record<SimulatorSystem, SimulatorServer>;
  clock: Clock;
  close(): Promise<void>;
}

/** Starts every simulated external system, each on its own port; used by tests, the demo and benchmarks. */
export async function startSimulators(options: SimulatorsOptions = {}): Promise<RunningSimulators> {
  refuseInProduction();
  const adminToken = options.adminToken ?? newAdminToken();
  const tls = options.tls ? simulatorTls() : undefined;
  const clock = options.clock ?? new Clock();
  const common = { clock, random: options.random };
  const modules = {
    nationalPortal: NationalPortalSimulatorModule.register({
      ...common,
      faults: options.faults?.nationalPortal,
      options: options.nationalPortal,
    }),
    populationDatabase: PopulationDatabaseSimulatorModule.register({
      ...common,
      faults: options.faults?.populationDatabase,
      options: options.populationDatabase,
    }),
    paymentGateway: PaymentGatewaySimulatorModule.register({
      ...common,
      ...options.paymentGateway,
      faults: options.faults?.paymentGateway,
    }),
    oneStop: OneStopSimulatorModule.register({
      ...common,
      faults: options.faults?.oneStop,
      options: options.oneStop,
    }),
  };
  const started: SimulatorServer[] = [];
  try {
    for (const system of SIMULATOR_SYSTEMS) {
      started.push(
        await SimulatorServer.start(modules[system], {
          adminToken,
          tls,
          port: options.ports?.[system] ?? 0,
          host: options.host,
          logLevels: options.logLevels,
        }),
      );
    }
  } catch (error) {
    await Promise.allSettled(started.map((server) => server.close()));
    throw error;
  }
  const servers = Object.fromEntries(
    SIMULATOR_SYSTEMS.map((system, index) => [system, started[index]]),
  ) as Record<SimulatorSystem, SimulatorServer>;
  const controls = Object.fromEntries(
    SIMULATOR_SYSTEMS.map((system) => [system, servers[system].faults]),
  ) as Record<SimulatorSystem, FaultControls>;
  const control =
    options.controlPort !== undefined
      ? await ControlPlaneServer.start(servers, options.controlPort, options.host ?? '127.0.0.1', adminToken)
      : undefined;
  const urls = Object.fromEntries(SIMULATOR_SYSTEMS.map((system) => [system, servers[system].url])) as Record<
    SimulatorSystem,
    string
  >;
  return {
    urls: control ? { ...urls, control: control.url } : urls,
    adminToken,
    controls,
    servers,
    clock,
    async close() {
      await control?.close();
      await Promise.allSettled(started.map((server) => server.close()));
    },
  };
}
