import { DynamicModule, Global, Module } from '@nestjs/common';
import { DocumentHostAllowList, allowDocumentHosts } from '@lgsp/contracts';
import { BusConfig } from './bus-config';
import type { ConfigSlice } from './config-slice';
import { validateEnvironment } from './validate-environment';

@Global()
@Module({})
export class BusConfigModule {
  /**
   * Validates the environment once, at module construction, so a bad variable stops the process before any
   * connection is opened. Tests pass explicit values instead of mutating process.env. `slices`: the configuration
   * of the connectors this process runs, validated with the rest.
   */
  static forRoot(overrides: Record<string, string> = {}, slices: readonly ConfigSlice[] = []): DynamicModule {
    const config = validateEnvironment({ ...process.env, ...overrides }, slices);
    // Contract validation (gateway intake, message readers) consults the allowed document hosts of this process.
    allowDocumentHosts(new DocumentHostAllowList(config.intake.documentHosts));
    return {
      module: BusConfigModule,
      providers: [{ provide: BusConfig, useValue: config }],
      exports: [BusConfig],
    };
  }
}
