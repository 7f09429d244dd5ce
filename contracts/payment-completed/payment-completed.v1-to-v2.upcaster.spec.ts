import { contractExample } from '../examples/contract-examples';
import { readMessage } from '../registry/read-message';
import { PAYMENT_COMPLETED } from './payment-completed.contract';
import { PaymentCompletedV2 } from './v2/payment-completed.v2';

describe('payment.completed v1 → v2', () => {
  it('reads a v1 payment as v2 with no fees named', () => {
    const v1 = contractExample(PAYMENT_COMPLETED, 1);
    const read = readMessage<PaymentCompletedV2>(PAYMENT_COMPLETED, 1, v1);
    expect(read.contractVersion).toBe(2);
    expect(read.payload).toMatchObject({ ...v1, fees: [] });
  });

  it('reads v2 with its fees, and refuses a fee code named twice', () => {
    const v2 = contractExample(PAYMENT_COMPLETED, 2);
    expect(readMessage<PaymentCompletedV2>(PAYMENT_COMPLETED, 2, v2).payload.fees).toEqual([
      { code: 'LP-01', amount: 50000 },
    ]);
    const twice = {
      ...v2,
      fees: [
        { code: 'LP-01', amount: 1 },
        { code: 'LP-01', amount: 2 },
      ],
    };
    expect(() => readMessage(PAYMENT_COMPLETED, 2, twice)).toThrow(/each fee code once/);
  });
});
