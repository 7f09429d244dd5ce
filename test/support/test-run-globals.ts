import type { OwnedInfrastructure } from '../../libs/infrastructure';

/** Jest's global setup and teardown run in one process and share only its globals. */
export const RUN_INFRASTRUCTURE = '__lgspRunInfrastructure';

export interface TestRunGlobals {
  [RUN_INFRASTRUCTURE]?: OwnedInfrastructure;
}
