import { IsString, Matches, MinLength } from 'class-validator';
import { ConfigSlice } from '@lgsp/config';

/**
 * Where the national payment platform (PayGov style) is and the credentials it issued the province. Read only
 * when PAYMENT_GATEWAYS enables paygov. Defaults are the payment-gateway simulator's (`npm run simulators`, port
 * 4103, DEFAULT_PAYMENT_OPTIONS), so a laptop opens and queries payments without a contract with the platform.
 */
export class PaygovVariables {
  @Matches(/^https?:\/\/\S+$/, { message: 'PAYGOV_URL must be an http(s) URL' })
  PAYGOV_URL = 'http://127.0.0.1:4103';

  @IsString()
  @MinLength(1)
  PAYGOV_PARTNER_CODE = 'LGSP';

  @IsString()
  @MinLength(1)
  PAYGOV_ACCESS_KEY = 'lgsp-access-key';

  /** Signs every create, query and callback checksum. */
  @IsString()
  @MinLength(1)
  PAYGOV_SECRET_KEY = 'lgsp-paygov-secret';

  /** The fee service the platform registered for the province; sent with every payment. */
  @IsString()
  @MinLength(1)
  PAYGOV_SERVICE_CODE = 'LGSP-FEE';
}

export interface PaygovSettings {
  url: string;
  partnerCode: string;
  accessKey: string;
  secretKey: string;
  serviceCode: string;
}

export const paygovConfig: ConfigSlice<PaygovVariables, PaygovSettings> = {
  name: 'PayGov payment gateway',
  variables: PaygovVariables,
  production: {
    required: [
      'PAYGOV_URL',
      'PAYGOV_PARTNER_CODE',
      'PAYGOV_ACCESS_KEY',
      'PAYGOV_SECRET_KEY',
      'PAYGOV_SERVICE_CODE',
    ],
    httpsUrls: ['PAYGOV_URL'],
    // Not in `secrets`: the platform issues the key, so its length is not the province's to choose.
    publishedSecrets: { PAYGOV_SECRET_KEY: 'lgsp-paygov-secret' },
  },
  settings: (paygov) => ({
    url: paygov.PAYGOV_URL.replace(/\/$/, ''),
    partnerCode: paygov.PAYGOV_PARTNER_CODE,
    accessKey: paygov.PAYGOV_ACCESS_KEY,
    secretKey: paygov.PAYGOV_SECRET_KEY,
    serviceCode: paygov.PAYGOV_SERVICE_CODE,
  }),
};
