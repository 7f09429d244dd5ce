import axios from 'axios';

/** How an operator's command reaches the gateway: its URL and a token of the operator's own client. */
export interface OperatorSession {
  gateway: string;
  authorization: string;
}

/** The gateway named by a flag, LGSP_GATEWAY_URL, or the local one. */
export function gatewayUrl(flag: string | undefined): string {
  return (flag ?? process.env.LGSP_GATEWAY_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`).replace(
    /\/$/,
    '',
  );
}

/**
 * A token of the operator's client (LGSP_CLIENT_ID / LGSP_CLIENT_SECRET) from the gateway's token endpoint: the
 * command acts as that client, so the gateway judges and audits it as it would any call.
 */
export async function operatorSession(
  gateway: string,
  scope: string,
  usage: string,
): Promise<OperatorSession> {
  const clientId = process.env.LGSP_CLIENT_ID;
  const secret = process.env.LGSP_CLIENT_SECRET;
  if (!clientId || !secret)
    throw new Error(`LGSP_CLIENT_ID and LGSP_CLIENT_SECRET name an operator client\n${usage}`);
  const response = await axios.post<{ access_token?: string; error_description?: string }>(
    `${gateway}/oauth2/token`,
    new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
    {
      auth: { username: clientId, password: secret },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      validateStatus: () => true,
      timeout: 30_000,
    },
  );
  if (response.status !== 200 || !response.data.access_token) {
    throw new Error(
      `the gateway refused a token (HTTP ${response.status}): ${response.data.error_description ?? ''}`,
    );
  }
  return { gateway, authorization: `Bearer ${response.data.access_token}` };
}

interface Problem {
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** A problem+json answer as one readable error. */
export function refusal(what: string, status: number, body: unknown): Error {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Problem;
  const fields = (problem.errors ?? []).map((error) => `\n  ${error.field}: ${error.message}`).join('');
  return new Error(`the gateway refused ${what} (HTTP ${status}): ${problem.detail ?? ''}${fields}`);
}
