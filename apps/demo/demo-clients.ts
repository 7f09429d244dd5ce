import type { INestApplication } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { DatabaseService } from '@lgsp/persistence';
import { ClientAdministration, Scope } from '@lgsp/security';
import { listeningUrl } from '../gateway/gateway.bootstrap';

/** The agency whose one-stop office the demo plays (every example dossier is filed there). */
export const DEMO_AGENCY = 'H56.20';

/**
 * The demo's one-stop office as a client of the bus, registered the way an operator registers a province's
 * one-stop system (ClientAdministration, audited in the client-admin chain): bound to the demo's agency,
 * allowed to send dossiers, read their traces and payment orders and open payment orders for their fees, at the
 * default rate. Returns the gateway's API with the client's token on every request (one token: the demo's
 * traffic ends well within its lifetime).
 */
export async function oneStopApi(gateway: INestApplication, run: string): Promise<AxiosInstance> {
  const db = gateway.get(DatabaseService);
  const administration = new ClientAdministration((work) => db.transaction(work), 'demo');
  const clientId = `one-stop-demo-${run}`;
  const { secret } = await administration.create({
    clientId,
    description: `The demo's one-stop office (run ${run})`,
    scopes: [Scope.DossierWrite, Scope.DossierRead, Scope.PaymentCreate],
    agencies: [DEMO_AGENCY],
  });
  const baseURL = listeningUrl(gateway);
  const token = await requestToken(baseURL, clientId, secret);
  return axios.create({ baseURL, validateStatus: () => true, headers: { authorization: `Bearer ${token}` } });
}

/**
 * The officers' desk at the same agency as a client of its own, allowed only to verify citizens (citizen:verify)
 * and to see no citizen field but the recorded full name: a verdict is what the desk needs.
 */
export async function citizenVerifierApi(gateway: INestApplication, run: string): Promise<AxiosInstance> {
  const db = gateway.get(DatabaseService);
  const administration = new ClientAdministration((work) => db.transaction(work), 'demo');
  const clientId = `citizen-desk-demo-${run}`;
  const { secret } = await administration.create({
    clientId,
    description: `The demo's citizen verification desk (run ${run})`,
    scopes: [Scope.CitizenVerify],
    agencies: [DEMO_AGENCY],
    citizenFields: ['fullName'],
  });
  const baseURL = listeningUrl(gateway);
  const token = await requestToken(baseURL, clientId, secret);
  return axios.create({ baseURL, validateStatus: () => true, headers: { authorization: `Bearer ${token}` } });
}

/** OAuth2 client credentials (RFC 6749 §4.4) at the gateway's token endpoint, with HTTP Basic. */
async function requestToken(baseURL: string, clientId: string, secret: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  const response = await axios.post<{ access_token?: string; error_description?: string }>(
    `${baseURL}/oauth2/token`,
    form.toString(),
    {
      auth: { username: clientId, password: secret },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      validateStatus: () => true,
    },
  );
  if (response.status !== 200 || !response.data.access_token) {
    throw new Error(
      `the gateway gave no token to ${clientId} (HTTP ${response.status}): ${response.data.error_description ?? ''}`,
    );
  }
  return response.data.access_token;
}
