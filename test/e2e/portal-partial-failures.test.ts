import { DeadLetterRepository } from '@lgsp/persistence';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';
import { STATUS_PATH, notAppliedOnce, sendDossierLifeCycles } from '../support/e2e/dossier-traffic';

/**
 * The portal fails a share of calls with HTTP 500 (refused before it applied anything), so runs of events fail
 * part-way: some of their calls succeeded, a later one did not. Batch mode tries the run again in place, then one
 * by one; neither may send a call that already succeeded.
 */
describe('dossier exchange: a portal that fails part of a run', () => {
  let bus: BusUnderTest;

  beforeAll(async () => {
    bus = await startBusUnderTest('partial');
  });

  afterAll(async () => {
    await bus?.close();
  });

  it('sends every call once however often a run is tried again', async () => {
    await bus.simulators.controls.nationalPortal.set({ errorRate: 0.3, errorReply: 'http500' });
    const codes = await sendDossierLifeCycles(bus, 'partial', 30);
    await expectEventually(
      async () => {
        const held = await portalDossiers(bus);
        expect(codes.filter((code) => held.get(code)?.progressCount !== STATUS_PATH.length)).toEqual([]);
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    await bus.simulators.controls.nationalPortal.clear();
    expect(await notAppliedOnce(bus, codes)).toEqual([]);
    const held = await portalDossiers(bus);
    expect(codes.map((code) => held.get(code)?.status)).toEqual(codes.map(() => 10));
    expect(await bus.worker.get(DeadLetterRepository).list({})).toEqual([]);
  });
});
