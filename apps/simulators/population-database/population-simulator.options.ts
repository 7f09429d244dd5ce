import { DEFAULT_POPULATION_SEED } from '../kit/synthetic-population';

export interface PopulationSimulatorOptions {
  consumerKey: string;
  consumerSecret: string;
  tokenTtlSeconds: number;
  soapPath: string;
  populationSeed: number;
  populationSize: number;
}

export const DEFAULT_POPULATION_OPTIONS: PopulationSimulatorOptions = {
  consumerKey: 'lgsp-consumer',
  consumerSecret: 'lgsp-consumer-secret',
  tokenTtlSeconds: 3600,
  soapPath: 'csdlqgvdc/1.0/soap',
  populationSeed: DEFAULT_POPULATION_SEED,
  populationSize: 10_000,
};

export const POPULATION_OPTIONS = Symbol('POPULATION_OPTIONS');
