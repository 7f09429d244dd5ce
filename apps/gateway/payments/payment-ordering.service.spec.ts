import { feeSetOf } from './payment-ordering.service';

describe('feeSetOf', () => {
  it('is the same whatever order the fees are listed in', () => {
    const fees = [
      { code: 'LP02', amount: 20_000 },
      { code: 'LP01', amount: 50_000 },
    ];
    expect(feeSetOf({ dossierCode: 'H56.1-0001', fees })).toBe(
      feeSetOf({ dossierCode: 'H56.1-0001', fees: [...fees].reverse() }),
    );
  });

  it('differs when a fee, its amount or the dossier differs', () => {
    const base = feeSetOf({ dossierCode: 'H56.1-0001', fees: [{ code: 'LP01', amount: 50_000 }] });
    expect(feeSetOf({ dossierCode: 'H56.1-0001', fees: [{ code: 'LP01', amount: 60_000 }] })).not.toBe(base);
    expect(feeSetOf({ dossierCode: 'H56.1-0001', fees: [{ code: 'LP02', amount: 50_000 }] })).not.toBe(base);
    expect(feeSetOf({ dossierCode: 'H56.1-0002', fees: [{ code: 'LP01', amount: 50_000 }] })).not.toBe(base);
  });
});
