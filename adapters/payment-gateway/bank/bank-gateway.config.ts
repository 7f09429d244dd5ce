import { IsString, Matches, MinLength } from 'class-validator';
import { ConfigSlice } from '@lgsp/config';

/**
 * The bank's gateway (VNPay style) and the terminal and key it issued the province. Read only when
 * PAYMENT_GATEWAYS enables bank. Defaults are the payment-gateway simulator's (`npm run simulators`, port 4103).
 */
export class BankGatewayVariables {
  /** The citizen's pay page and the merchant query API share this base. */
  @Matches(/^https?:\/\/\S+$/, { message: 'BANK_GATEWAY_URL must be an http(s) URL' })
  BANK_GATEWAY_URL = 'http://127.0.0.1:4103';

  /** vnp_TmnCode: the terminal the bank assigned to the province. */
  @Matches(/^[A-Za-z0-9]{1,20}$/, { message: 'BANK_TMN_CODE must be a terminal code' })
  BANK_TMN_CODE = 'LGSPTEST';

  /** The HMAC-SHA512 key of pay URLs, IPNs and queries. */
  @IsString()
  @MinLength(1)
  BANK_HASH_SECRET = 'LGSPVNPAYSECRET';
}

export interface BankGatewaySettings {
  url: string;
  tmnCode: string;
  hashSecret: string;
}

export const bankGatewayConfig: ConfigSlice<BankGatewayVariables, BankGatewaySettings> = {
  name: 'bank payment gateway',
  variables: BankGatewayVariables,
  production: {
    required: ['BANK_GATEWAY_URL', 'BANK_TMN_CODE', 'BANK_HASH_SECRET'],
    httpsUrls: ['BANK_GATEWAY_URL'],
    // Not in `secrets`: the bank issues the key, so its length is not the province's to choose.
    publishedSecrets: { BANK_HASH_SECRET: 'LGSPVNPAYSECRET' },
  },
  settings: (bank) => ({
    url: bank.BANK_GATEWAY_URL.replace(/\/$/, ''),
    tmnCode: bank.BANK_TMN_CODE,
    hashSecret: bank.BANK_HASH_SECRET,
  }),
};
