import { parseArgs } from 'node:util';
import axios from 'axios';
import { gatewayUrl, operatorSession, refusal } from '../operator-cli/operator-session';

const USAGE =
  'usage: LGSP_CLIENT_ID=<ops client> LGSP_CLIENT_SECRET=<its secret> npm run payments -- ' +
  'reconcile [--older-than-seconds=<n>] | report --day=<YYYY-MM-DD>   [--gateway=<url>]';

/**
 * `npm run payments`: the operator's side of reconciliation, through the gateway's /v1/ops/payments routes so the
 * run settles orders through the same exactly-once path as the schedule. Prints the answer as JSON; `report`
 * exits 1 when some order differs from its gateway.
 */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'older-than-seconds': { type: 'string' },
      day: { type: 'string' },
      gateway: { type: 'string' },
    },
  });
  const [command, ...rest] = positionals;
  if (rest.length > 0) throw new Error(USAGE);
  const gateway = gatewayUrl(values.gateway);
  if (command === 'reconcile') {
    const session = await operatorSession(gateway, 'ops:write', USAGE);
    const olderThan = values['older-than-seconds'];
    const response = await axios.post<unknown>(
      `${gateway}/v1/ops/payments/reconciliation`,
      olderThan === undefined ? {} : { olderThanSeconds: Number(olderThan) },
      { headers: { authorization: session.authorization }, validateStatus: () => true, timeout: 120_000 },
    );
    if (response.status !== 200) throw refusal('the reconciliation', response.status, response.data);
    console.log(JSON.stringify(response.data, null, 2));
    return 0;
  }
  if (command === 'report' && values.day) {
    const session = await operatorSession(gateway, 'ops:read', USAGE);
    const response = await axios.get<{ differences: unknown[] }>(`${gateway}/v1/ops/payments/report`, {
      params: { day: values.day },
      headers: { authorization: session.authorization },
      validateStatus: () => true,
      timeout: 120_000,
    });
    if (response.status !== 200) throw refusal('the report', response.status, response.data);
    console.log(JSON.stringify(response.data, null, 2));
    return response.data.differences.length > 0 ? 1 : 0;
  }
  throw new Error(USAGE);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
