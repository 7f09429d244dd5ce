import { faultSettingsFromEnvironment } from './kit/fault-settings';
import { SimulatorsOptions, SimulatorSystem } from './simulators.bootstrap';

type Environment = Record<string, string | undefined>;

/** Environment prefix of each simulator, for its port and its start-up faults. */
export const ENVIRONMENT_PREFIXES: Record<SimulatorSystem, string> = {
  nationalPortal: 'SIMULATOR_NATIONAL_PORTAL',
  populationDatabase: 'SIMULATOR_POPULATION_DATABASE',
  paymentGateway: 'SIMULATOR_PAYMENT_GATEWAY',
  oneStop: 'SIMULATOR_ONE_STOP',
};

/** Fixed default ports, so a bus configured once keeps finding the simulators across restarts. */
export const DEFAULT_PORTS: Record<SimulatorSystem, number> = {
  nationalPortal: 4101,
  populationDatabase: 4102,
  paymentGateway: 4103,
  oneStop: 4104,
};
export const DEFAULT_CONTROL_PORT = 4100;

function port(environment: Environment, name: string, fallback: number): number {
  const raw = environment[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new Error(`${name} must be a port number`);
  return value;
}

function positive(environment: Environment, name: string): number | undefined {
  const raw = environment[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

function integer(environment: Environment, name: string): number | undefined {
  const raw = environment[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be a whole number`);
  return value;
}

function text(environment: Environment, name: string): string | undefined {
  const value = environment[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Drops unset values so they do not override the simulators' defaults. */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

/** Reads the simulators' configuration; throws naming the variable (never its value) when one is invalid. */
export function simulatorsOptionsFromEnvironment(environment: Environment): SimulatorsOptions {
  const systems = Object.keys(ENVIRONMENT_PREFIXES) as SimulatorSystem[];
  const tls = text(environment, 'SIMULATOR_TLS');
  if (tls !== undefined && tls !== 'true' && tls !== 'false')
    throw new Error('SIMULATOR_TLS must be true or false');
  return {
    host: text(environment, 'SIMULATOR_HOST') ?? '127.0.0.1',
    adminToken: text(environment, 'SIMULATOR_ADMIN_TOKEN'),
    tls: tls === 'true',
    controlPort: port(environment, 'SIMULATOR_CONTROL_PORT', DEFAULT_CONTROL_PORT),
    ports: Object.fromEntries(
      systems.map((system) => [
        system,
        port(environment, `${ENVIRONMENT_PREFIXES[system]}_PORT`, DEFAULT_PORTS[system]),
      ]),
    ),
    faults: Object.fromEntries(
      systems.map((system) => [
        system,
        faultSettingsFromEnvironment(environment, ENVIRONMENT_PREFIXES[system]),
      ]),
    ),
    nationalPortal: defined({
      dstcode: text(environment, 'SIMULATOR_PORTAL_DSTCODE'),
      username: text(environment, 'SIMULATOR_PORTAL_USERNAME'),
      password: text(environment, 'SIMULATOR_PORTAL_PASSWORD'),
      sessionTtlMs: positive(environment, 'SIMULATOR_PORTAL_SESSION_TTL_MS'),
      sessionExpiredCode: integer(environment, 'SIMULATOR_PORTAL_SESSION_EXPIRED_CODE'),
    }),
    populationDatabase: defined({
      consumerKey: text(environment, 'SIMULATOR_NGSP_CONSUMER_KEY'),
      consumerSecret: text(environment, 'SIMULATOR_NGSP_CONSUMER_SECRET'),
      tokenTtlSeconds: positive(environment, 'SIMULATOR_NGSP_TOKEN_TTL_SECONDS'),
      populationSize: positive(environment, 'SIMULATOR_POPULATION_SIZE'),
      populationSeed: positive(environment, 'SIMULATOR_POPULATION_SEED'),
    }),
    paymentGateway: {
      paygov: defined({ callbackUrl: text(environment, 'SIMULATOR_PAYGOV_CALLBACK_URL') }),
      vnpay: defined({ ipnUrl: text(environment, 'SIMULATOR_VNPAY_IPN_URL') }),
    },
    oneStop: defined({ apiKey: text(environment, 'SIMULATOR_ONE_STOP_API_KEY') }),
  };
}
