import { STATUS_PATH, sendDossierLifeCycles as send } from '../../../apps/demo/dossier-traffic';
import { BusUnderTest, portalDossiers } from './bus-under-test';

export { STATUS_PATH };

export function sendDossierLifeCycles(
  bus: BusUnderTest,
  run: string,
  count: number,
  offset = 0,
): Promise<string[]> {
  return send(bus.api, { run, count, offset });
}

/** The dossiers the portal does not yet hold at their final status (10) with every step of their life cycle. */
export async function behindOnPortal(bus: BusUnderTest, codes: string[]): Promise<string[]> {
  const held = await portalDossiers(bus);
  return codes.filter(
    (code) => held.get(code)?.status !== 10 || (held.get(code)?.progressCount ?? 0) < STATUS_PATH.length,
  );
}

/**
 * The dossiers the portal does not hold exactly once as their life cycles sent them (one DongBoHoSoMC for the
 * registration and one per status change, one step per change), each with what the portal holds: [] when all do.
 */
export async function notAppliedOnce(bus: BusUnderTest, codes: string[]): Promise<[string, unknown][]> {
  const held = await portalDossiers(bus);
  return codes
    .filter(
      (code) =>
        held.get(code)?.syncCount !== 1 + STATUS_PATH.length ||
        held.get(code)?.progressCount !== STATUS_PATH.length,
    )
    .map((code) => [code, held.get(code)]);
}
