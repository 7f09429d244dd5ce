import { Injectable } from '@nestjs/common';
import axios, { AxiosInstance, isAxiosError } from 'axios';
import { BusConfig } from '@lgsp/config';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { partnerHttpDefaults } from '@lgsp/security';
import { populationDatabaseConfig } from '../population-database.config';
import { NgspTokenClient } from './ngsp-token.client';
import {
  CitizenQuery,
  PopulationFault,
  PopulationOperation,
  PopulationReply,
  buildCitizenRequest,
  parseCitizenReply,
} from './population-soap.codec';

/** A 401 from NGSP's gateway: the token was refused before the SOAP service saw the call. */
class TokenRefused extends Error {}

/**
 * The population database's SOAP service, through NGSP with a bearer token. A 401 costs one token renewal
 * (shared with every concurrent caller refused with the same token) and one retry; a second 401 under the new
 * token is NGSP's verdict. SOAP faults become DomainErrors: a Client fault is a refusal of our request
 * (RejectedByPartner: NGSP is up), anything else says NGSP or the database is unavailable.
 */
@Injectable()
export class PopulationSoapClient {
  private readonly http: AxiosInstance;
  private readonly soapPath: string;
  private readonly namespace: string;

  constructor(
    config: BusConfig,
    private readonly tokens: NgspTokenClient,
  ) {
    const population = config.slice(populationDatabaseConfig);
    this.soapPath = population.soapPath;
    this.namespace = population.namespace;
    this.http = axios.create({
      ...partnerHttpDefaults({
        partner: 'the population database (NGSP)',
        url: population.url,
        timeoutMs: population.timeoutMs,
        ...population.connection,
      }),
      responseType: 'text',
      // Faults come as HTTP 500 with a SOAP body, which is read like any other answer.
      validateStatus: (status) => status === 200 || status === 500 || status === 401,
    });
  }

  async call(
    operation: PopulationOperation,
    query: CitizenQuery,
    signal?: AbortSignal,
  ): Promise<PopulationReply> {
    const body = buildCitizenRequest(operation, query, this.namespace);
    const token = await this.tokens.current();
    try {
      return await this.post(operation, body, token, signal);
    } catch (error) {
      if (!(error instanceof TokenRefused)) throw error;
    }
    const renewed = await this.tokens.replace(token);
    try {
      return await this.post(operation, body, renewed, signal);
    } catch (error) {
      if (!(error instanceof TokenRefused)) throw error;
      throw new DomainError(
        DomainErrorCode.Unauthorized,
        'NGSP refused a freshly issued token for the population database (HTTP 401)',
      );
    }
  }

  private async post(
    operation: PopulationOperation,
    body: string,
    token: string,
    signal: AbortSignal | undefined,
  ): Promise<PopulationReply> {
    let status: number;
    let data: unknown;
    try {
      ({ status, data } = await this.http.post<unknown>(this.soapPath, body, {
        signal,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'text/xml; charset=utf-8',
          soapaction: `"${this.namespace}/${operation}"`,
        },
      }));
    } catch (error) {
      throw unavailable(error);
    }
    if (status === 401) throw new TokenRefused();
    if (typeof data !== 'string') {
      throw new DomainError(
        DomainErrorCode.PartnerUnavailable,
        `The population database answered HTTP ${status} without XML`,
      );
    }
    try {
      return parseCitizenReply(operation, data);
    } catch (error) {
      throw error instanceof PopulationFault ? faultError(error) : error;
    }
  }
}

function faultError(fault: PopulationFault): DomainError {
  // The fault string names fields, never their values, so it may travel in the error.
  const detail = `${fault.errorCode} (${fault.message})`;
  return fault.isClientFault
    ? new DomainError(
        DomainErrorCode.RejectedByPartner,
        `The population database refused the request: ${detail}`,
      )
    : new DomainError(
        DomainErrorCode.PartnerUnavailable,
        `The population database failed to answer: ${detail}`,
      );
}

/** The axios error is not kept as the cause: its config holds the bearer token and the citizen's details. */
function unavailable(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const status = isAxiosError(error) ? error.response?.status : undefined;
  const why = isAxiosError(error)
    ? status
      ? `HTTP ${status}`
      : (error.code ?? error.message)
    : String(error);
  return new DomainError(
    DomainErrorCode.PartnerUnavailable,
    `The population database is unavailable: ${why}`,
  );
}
