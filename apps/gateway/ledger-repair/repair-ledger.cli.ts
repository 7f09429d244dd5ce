import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import axios from 'axios';
import { gatewayUrl, operatorSession, refusal } from '../operator-cli/operator-session';

const USAGE =
  'usage: LGSP_CLIENT_ID=<ops client> LGSP_CLIENT_SECRET=<its secret> npm run ops:repair-ledger -- <dossier-code> ' +
  '--reason="<why>" [--occurred-at=<ISO 8601 with offset>] [--operator=<name>] [--gateway=<url>]';

/**
 * `npm run ops:repair-ledger`: asks the gateway to move back a dossier's ledger time (POST
 * /v1/ops/dossiers/{code}/ledger-repair), so the repair is judged and audited in one place whoever runs it.
 * Prints the audit record as JSON.
 */
async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      reason: { type: 'string' },
      'occurred-at': { type: 'string' },
      operator: { type: 'string' },
      gateway: { type: 'string' },
    },
  });
  const [code, ...rest] = positionals;
  if (!code || rest.length > 0 || !values.reason) throw new Error(USAGE);
  const { gateway, authorization } = await operatorSession(gatewayUrl(values.gateway), 'ops:write', USAGE);
  const operator = values.operator ?? process.env.LGSP_OPERATOR ?? userInfo().username;
  const response = await axios.post<unknown>(
    `${gateway}/v1/ops/dossiers/${encodeURIComponent(code)}/ledger-repair`,
    { reason: values.reason, ...(values['occurred-at'] ? { occurredAt: values['occurred-at'] } : {}) },
    {
      headers: { 'X-Operator-Id': operator, authorization },
      validateStatus: () => true,
      timeout: 30_000,
    },
  );
  if (response.status !== 200) throw refusal('the repair', response.status, response.data);
  console.log(JSON.stringify(response.data, null, 2));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
