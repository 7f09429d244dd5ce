import type { AlertSubject } from '@lgsp/observability';

/** One condition at one evaluation, for the incident tracker. */
export interface ConditionReading {
  /** The incident key: one incident per alert and connector. */
  key: string;
  holds: boolean;
  /** The notice's subject, asked for only when a notice is due. */
  describe: () => AlertSubject;
}
