export interface OneStopSimulatorOptions {
  /** When set, the bus must send it in `x-api-key`. */
  apiKey?: string;
}

export const ONE_STOP_OPTIONS = Symbol('ONE_STOP_OPTIONS');
