import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import axios, { AxiosResponse } from 'axios';
import { gatewayUrl, operatorSession, refusal } from '../operator-cli/operator-session';

const USAGE =
  'usage: LGSP_CLIENT_ID=<ops client> LGSP_CLIENT_SECRET=<its secret> npm run dead-letters -- <command>\n' +
  '  list [--connector=<group>] [--reason=<code or words>] [--status=open|replayed|discarded] [--from=<ISO>] ' +
  '[--to=<ISO>] [--limit=<n>]\n' +
  '  show <id>\n' +
  '  replay <id>... | replay [--connector=…] [--reason=…] [--from=…] [--to=…] [--limit=<n>]\n' +
  '  discard <id>... --reason="<why>"\n' +
  'options: [--operator=<name>] (default LGSP_OPERATOR, then the login name) [--gateway=<url>]';

const FILTERS = ['connector', 'reason', 'status', 'from', 'to', 'limit'] as const;

type Values = Partial<Record<(typeof FILTERS)[number] | 'operator' | 'gateway', string>>;

/**
 * `npm run dead-letters`: an operator's dead-letter commands, through the gateway's /v1/ops/dead-letters routes,
 * so a replay or discard is judged and audited in one place whoever runs it. Prints the answer as JSON.
 */
async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: Object.fromEntries(
      [...FILTERS, 'operator', 'gateway'].map((name) => [name, { type: 'string' as const }]),
    ),
  });
  const options = values as Values;
  const [command, ...ids] = positionals;
  const gateway = gatewayUrl(options.gateway);
  const base = `${gateway}/v1/ops/dead-letters`;
  switch (command) {
    case 'list': {
      if (ids.length > 0) throw new Error(USAGE);
      const { authorization } = await operatorSession(gateway, 'ops:read', USAGE);
      const params = pick(options, FILTERS);
      return print('the list', await axios.get(base, { params, ...request(authorization) }));
    }
    case 'show': {
      if (ids.length !== 1) throw new Error(USAGE);
      const { authorization } = await operatorSession(gateway, 'ops:read', USAGE);
      return print(
        'the letter',
        await axios.get(`${base}/${encodeURIComponent(ids[0])}`, request(authorization)),
      );
    }
    case 'replay': {
      const filter = pick(options, ['connector', 'reason', 'from', 'to', 'limit']);
      const body = ids.length > 0 ? { ids, ...filter } : filter;
      const { authorization } = await operatorSession(gateway, 'ops:write', USAGE);
      return print('the replay', await axios.post(`${base}/replay`, body, request(authorization, options)));
    }
    case 'discard': {
      if (ids.length === 0 || !options.reason) throw new Error(USAGE);
      const { authorization } = await operatorSession(gateway, 'ops:write', USAGE);
      const body = { ids, reason: options.reason };
      return print('the discard', await axios.post(`${base}/discard`, body, request(authorization, options)));
    }
    default:
      throw new Error(USAGE);
  }
}

/** The given flags among `names`; `limit` as the number the gateway expects in a body. */
function pick(options: Values, names: readonly (typeof FILTERS)[number][]): Record<string, string | number> {
  const picked: Record<string, string | number> = {};
  for (const name of names) {
    const value = options[name];
    if (value !== undefined) picked[name] = name === 'limit' ? Number(value) : value;
  }
  return picked;
}

/** Headers of a call; a change names the person acting (X-Operator-Id). */
function request(authorization: string, change?: Values) {
  const operator = change && (change.operator ?? process.env.LGSP_OPERATOR ?? userInfo().username);
  return {
    headers: { authorization, ...(operator ? { 'X-Operator-Id': operator } : {}) },
    validateStatus: () => true,
    timeout: 120_000,
  };
}

function print(what: string, response: AxiosResponse<unknown>): void {
  if (response.status !== 200) throw refusal(what, response.status, response.data);
  console.log(JSON.stringify(response.data, null, 2));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
