import { Body, Controller, Headers, HttpCode, HttpException, Inject, Post } from '@nestjs/common';
import { NgspTokenStore } from './ngsp-token.store';
import { POPULATION_OPTIONS, PopulationSimulatorOptions } from './population-simulator.options';

function fromBasic(header: string | undefined): [string, string] | undefined {
  const encoded = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

/** NGSP's OAuth2 token endpoint, client-credentials grant only (RFC 6749 §4.4 errors). */
@Controller()
export class NgspTokenController {
  constructor(
    private readonly tokens: NgspTokenStore,
    @Inject(POPULATION_OPTIONS) private readonly options: PopulationSimulatorOptions,
  ) {}

  @Post('token')
  @HttpCode(200)
  token(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): ReturnType<NgspTokenStore['issue']> {
    const form = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    if (form.grant_type !== 'client_credentials') {
      throw new HttpException(
        { error: 'unsupported_grant_type', error_description: 'only client_credentials' },
        400,
      );
    }
    const credentials =
      fromBasic(authorization) ??
      (typeof form.client_id === 'string' && typeof form.client_secret === 'string'
        ? [form.client_id, form.client_secret]
        : undefined);
    if (
      !credentials ||
      credentials[0] !== this.options.consumerKey ||
      credentials[1] !== this.options.consumerSecret
    ) {
      throw new HttpException(
        { error: 'invalid_client', error_description: 'Client authentication failed' },
        401,
      );
    }
    return this.tokens.issue();
  }
}
