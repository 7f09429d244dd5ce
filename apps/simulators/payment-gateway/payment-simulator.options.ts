export interface PaymentSimulatorOptions {
  paygov: {
    partnerCode: string;
    accessKey: string;
    secretKey: string;
    /** Where payment results are POSTed: the bus's PayGov callback. Can also be set later by admin call. */
    callbackUrl?: string;
  };
  vnpay: {
    tmnCode: string;
    hashSecret: string;
    /** Where IPN calls go: the bus's VNPay IPN endpoint. */
    ipnUrl?: string;
  };
  /** How long to wait for the bus to answer a callback. */
  callbackTimeoutMs: number;
}

export const DEFAULT_PAYMENT_OPTIONS: PaymentSimulatorOptions = {
  paygov: { partnerCode: 'LGSP', accessKey: 'lgsp-access-key', secretKey: 'lgsp-paygov-secret' },
  vnpay: { tmnCode: 'LGSPTEST', hashSecret: 'LGSPVNPAYSECRET' },
  callbackTimeoutMs: 10_000,
};

export const PAYMENT_OPTIONS = Symbol('PAYMENT_OPTIONS');
