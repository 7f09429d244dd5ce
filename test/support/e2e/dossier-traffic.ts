import { STATUS_PATH, sendDossierLifeCycles as send } from '../../../apps/demo/dossier-traffic';
import { BusUnderTest } from './bus-under-test';

export { STATUS_PATH };

export function sendDossierLifeCycles(
  bus: BusUnderTest,
  run: string,
  count: number,
  offset = 0,
): Promise<string[]> {
  return send(bus.api, { run, count, offset });
}
