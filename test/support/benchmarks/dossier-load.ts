import { Agent } from 'node:http';
import axios, { AxiosInstance } from 'axios';
import { dossierCodeFor, dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import { openLoop } from './bench-stats';

export const BASE_TIME = Date.UTC(2025, 8, 1, 1, 0, 0);

/**
 * The load generator's view of the gateway: as a one-stop system calls it in production, with a bearer token
 * (fetched once by the caller; a token lasts AUTH_TOKEN_TTL_SECONDS, 300 s by default) on every request.
 */
export function gatewayClient(baseURL: string, token: string): AxiosInstance {
  return axios.create({
    baseURL,
    validateStatus: () => true,
    headers: { authorization: `Bearer ${token}` },
    httpAgent: new Agent({ keepAlive: true, maxSockets: 512 }),
  });
}

/** Registers dossiers in batches (not measured): the status changes that follow are what is measured. */
export async function registerDossiers(api: AxiosInstance, run: string, count: number): Promise<string[]> {
  const codes = Array.from({ length: count }, (_, index) => dossierCodeFor(run, index));
  for (let start = 0; start < codes.length; start += 500) {
    const items = codes
      .slice(start, start + 500)
      .map((code, index) => ({ dossier: dossierRegistration(code, start + index, BASE_TIME) }));
    const response = await api.post('/v1/dossiers/batch', { items });
    if (response.status !== 207) throw new Error(`registration batch answered ${response.status}`);
  }
  return codes;
}

export interface SentEvent {
  code: string;
  step: number;
  sentAt: number;
}

/**
 * Status changes at a fixed arrival rate, round-robin over the dossiers so that two events of one dossier are
 * (count of dossiers / rate) seconds apart and never race each other. Step 0 receives the dossier (status 2);
 * later steps keep it in process (status 4 may repeat: each step is its own event).
 */
export async function sendStatusChanges(
  api: AxiosInstance,
  codes: string[],
  ratePerSecond: number,
  total: number,
): Promise<{ sent: SentEvent[]; refused: number; refusals: Record<string, number> }> {
  const sent: SentEvent[] = [];
  let refused = 0;
  const refusals: Record<string, number> = {};
  await openLoop(ratePerSecond, total, async (index) => {
    const code = codes[index % codes.length];
    const step = Math.floor(index / codes.length);
    const event: SentEvent = { code, step, sentAt: Date.now() };
    const refuse = (reason: string): void => {
      refused++;
      refusals[reason] = (refusals[reason] ?? 0) + 1;
    };
    let response;
    try {
      response = await api.post(
        `/v1/dossiers/${code}/status-changes`,
        statusChange(code, step === 0 ? 2 : 4, step + 1, BASE_TIME),
      );
    } catch (error) {
      // Under overload a connection may drop (socket hang up, reset): a request not accepted, not a crash.
      refuse(`network ${(error as { code?: string }).code ?? (error as Error).message}`);
      return;
    }
    if (response.status === 202 && (response.data as { outcome?: string }).outcome === 'accepted') {
      sent.push(event);
    } else {
      const body = response.data as { outcome?: string; code?: string };
      refuse(`${response.status} ${body.outcome ?? body.code ?? ''}`);
    }
  });
  return { sent, refused, refusals };
}
