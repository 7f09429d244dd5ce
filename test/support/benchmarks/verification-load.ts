import { randomUUID } from 'node:crypto';
import { Agent as HttpsAgent } from 'node:https';
import axios, { AxiosInstance } from 'axios';
import { buildCitizenRequest } from '@lgsp/adapters/population-database/client/population-soap.codec';
import { upperCaseCitizenName } from '@lgsp/adapters/population-database/citizen-name';
import { boundedOpenLoop } from './bounded-open-loop';

/** A citizen of the population simulator as its admin API lists them. */
export interface KnownCitizen {
  SoDinhDanh: string;
  /** yyyyMMdd */
  NgayThangNamSinh: string;
  fullName: string;
}

/** One answered request: its id (MaYeuCau at the simulator) and how long the caller waited, in ms. */
export interface Timed {
  requestId: string;
  ms: number;
}

export interface LoadRun {
  answered: Timed[];
  /** Why requests failed or were shed, counted. */
  errors: Record<string, number>;
}

export const errorCount = (run: LoadRun): number => Object.values(run.errors).reduce((a, b) => a + b, 0);

const PURPOSE = {
  serviceCode: '1.001193',
  agencyCode: 'H56.20',
  officerCode: 'canbo.bench01',
};
export const NGSP_NAMESPACE = 'urn:lgsp:simulator:csdlqgvdc';

const isoDate = (yyyymmdd: string): string =>
  `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;

async function drive(
  rate: number,
  total: number,
  maxInFlight: number,
  request: (index: number) => Promise<{ ok: boolean; reason: string; requestId: string }>,
): Promise<LoadRun> {
  const answered: Timed[] = [];
  const errors: Record<string, number> = {};
  const fail = (reason: string): void => {
    errors[reason] = (errors[reason] ?? 0) + 1;
  };
  const { shed } = await boundedOpenLoop(rate, total, maxInFlight, async (index) => {
    const started = performance.now();
    try {
      const outcome = await request(index);
      const ms = performance.now() - started;
      if (outcome.ok) answered.push({ requestId: outcome.requestId, ms });
      else fail(outcome.reason);
    } catch (error) {
      fail(`network ${(error as { code?: string }).code ?? (error as Error).message}`);
    }
  });
  if (shed > 0) errors[`shed (${maxInFlight} in flight)`] = shed;
  return { answered, errors };
}

/** `POST /v1/citizens/verifications` for known citizens, as given: every answer should be a match. */
export function verifyThroughBus(
  api: AxiosInstance,
  citizens: KnownCitizen[],
  options: { rate: number; total: number; maxInFlight: number; run: string },
): Promise<LoadRun> {
  return drive(options.rate, options.total, options.maxInFlight, async (index) => {
    const citizen = citizens[index % citizens.length];
    const response = await api.post<{ requestId?: string; verdict?: string; code?: string }>(
      '/v1/citizens/verifications',
      {
        personalId: citizen.SoDinhDanh,
        fullName: citizen.fullName,
        birthDate: isoDate(citizen.NgayThangNamSinh),
        purpose: { ...PURPOSE, dossierCode: `H56.20-${options.run}-${index}` },
      },
    );
    const { requestId, verdict, code } = response.data;
    const ok = response.status === 200 && verdict === 'match' && requestId !== undefined;
    return { ok, reason: `${response.status} ${verdict ?? code ?? ''}`, requestId: requestId ?? '' };
  });
}

/**
 * The baseline: the population database called as the connector calls it (one NGSP token fetched first, then
 * `TraCuuThongTinCongDan` built by the connector's own codec), over https with keep-alive.
 */
export async function verifyDirectly(
  ngspUrl: string,
  credentials: { key: string; secret: string; ca: Buffer },
  citizens: KnownCitizen[],
  options: { rate: number; total: number; maxInFlight: number },
): Promise<LoadRun> {
  const http = axios.create({
    baseURL: ngspUrl,
    validateStatus: () => true,
    httpsAgent: new HttpsAgent({ ca: credentials.ca, keepAlive: true, maxSockets: options.maxInFlight }),
  });
  const token = await http.post<{ access_token: string }>(
    '/token',
    new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
    {
      auth: { username: credentials.key, password: credentials.secret },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
  );
  if (token.status !== 200) throw new Error(`NGSP gave no token (HTTP ${token.status})`);
  const authorization = `Bearer ${token.data.access_token}`;
  return drive(options.rate, options.total, options.maxInFlight, async (index) => {
    const citizen = citizens[index % citizens.length];
    const requestId = randomUUID();
    const body = buildCitizenRequest(
      'TraCuuThongTinCongDan',
      {
        requestId,
        ...PURPOSE,
        integrationCode: 'H56',
        personalId: citizen.SoDinhDanh,
        fullName: upperCaseCitizenName(citizen.fullName),
        birth: { kind: 'date', value: citizen.NgayThangNamSinh },
      },
      NGSP_NAMESPACE,
    );
    const response = await http.post<string>('/csdlqgvdc/1.0/soap', body, {
      responseType: 'text',
      headers: {
        authorization,
        'content-type': 'text/xml; charset=utf-8',
        soapaction: `"${NGSP_NAMESPACE}/TraCuuThongTinCongDan"`,
      },
    });
    const ok = response.status === 200 && response.data.includes('<TonTai>true</TonTai>');
    return { ok, reason: `${response.status}`, requestId };
  });
}

/**
 * Per answered request, the caller's wait minus the simulator's own time for it (its SOAP calls, by MaYeuCau);
 * requests the simulator has no time for are left out and counted.
 */
export function minusServiceTime(
  answered: Timed[],
  serviceMs: Record<string, number>,
): { added: number[]; service: number[]; unmatched: number } {
  const added: number[] = [];
  const service: number[] = [];
  let unmatched = 0;
  for (const { requestId, ms } of answered) {
    const own = serviceMs[requestId];
    if (own === undefined) {
      unmatched++;
      continue;
    }
    added.push(ms - own);
    service.push(own);
  }
  return { added, service, unmatched };
}
