import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface CorrelationStore {
  correlationId: string;
}

const storage = new AsyncLocalStorage<CorrelationStore>();

/**
 * Carries the correlation id through everything one request or one message causes, so every log line can name
 * it without threading it through each call.
 */
export const CorrelationContext = {
  run<T>(correlationId: string | undefined, work: () => T): T {
    return storage.run({ correlationId: correlationId ?? randomUUID() }, work);
  },
  current(): string | undefined {
    return storage.getStore()?.correlationId;
  },
};
