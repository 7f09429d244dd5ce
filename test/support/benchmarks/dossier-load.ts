import { Agent } from 'node:http';
import axios, { AxiosInstance } from 'axios';
import { dossierCodeFor, dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import { log, openLoop } from './bench-stats';

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
 * Status changes at a fixed arrival rate, round-robin over the dossiers. Step 0 receives the dossier (status 2);
 * later steps keep it in process (status 4 may repeat: each step is its own event). As the intake policy asks of
 * a one-stop system, one dossier's events go one after the other: a step due while the dossier's previous one is
 * still unanswered is sent when that answer comes. Under overload the gateway's answers take longer than the
 * (count of dossiers / rate) seconds between two steps of a dossier, and a step sent on time could overtake its
 * predecessor on the way in (the gateway judges what it received first; the step would be refused 409).
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
  const previousOf = new Map<string, Promise<void>>();
  const send = async (code: string, step: number): Promise<void> => {
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
      const body = response.data as { outcome?: string; code?: string; detail?: string };
      const reason = `${response.status} ${body.outcome ?? body.code ?? ''}`;
      // The first answer of each kind, so a run's refusals can be read, not only counted.
      if (!(reason in refusals))
        log(`status change refused: ${reason} ${JSON.stringify(body).slice(0, 300)}`);
      refuse(reason);
    }
  };
  await openLoop(ratePerSecond, total, (index) => {
    const code = codes[index % codes.length];
    const step = Math.floor(index / codes.length);
    const sending = (previousOf.get(code) ?? Promise.resolve()).then(() => send(code, step));
    previousOf.set(code, sending);
    return sending;
  });
  return { sent, refused, refusals };
}
