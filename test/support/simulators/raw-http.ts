import { Agent } from 'node:http';
import axios, { AxiosResponse } from 'axios';

// A fresh connection per request: a pooled one closed by an outage would show a reset, not a refusal.
const noKeepAlive = new Agent({ keepAlive: false });

/** Axios that never throws on HTTP status and keeps the body as text, so garbled replies can be inspected. */
export async function rawPost(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
): Promise<AxiosResponse<string>> {
  return axios.post<string>(url, body, {
    headers,
    httpAgent: noKeepAlive,
    timeout: timeoutMs,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
  });
}

export function connectionError(error: unknown): string | undefined {
  return axios.isAxiosError(error) ? error.code : undefined;
}
