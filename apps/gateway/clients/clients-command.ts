import { parseArgs } from 'node:util';
import {
  ApiClient,
  ClientAdministration,
  ClientAdministrationError,
  describeClient,
  type ClientDraft,
} from '@lgsp/security';

export const USAGE = `usage: npm run clients -- <command>
  create <client-id> --scopes=<s1,s2> --agencies=<A1,A2|*> [--citizen-fields=<f1,f2>] [--rate-limit=<per minute|none>] [--description=<text>]
  list
  update <client-id> [--scopes=...] [--agencies=...] [--citizen-fields=...] [--rate-limit=...] [--description=...]
  rotate-secret <client-id>
  disable <client-id>
  enable <client-id>
  rotate-key
options: --operator=<who> (default: LGSP_OPERATOR or the OS user), recorded in the client-admin audit chain`;

const OPTIONS = {
  scopes: { type: 'string' },
  agencies: { type: 'string' },
  'citizen-fields': { type: 'string' },
  'rate-limit': { type: 'string' },
  description: { type: 'string' },
  operator: { type: 'string' },
} as const;

export type ParsedCommand = ReturnType<typeof parseCommand>;

export function parseCommand(argv: string[]) {
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
    const [command, clientId, ...rest] = positionals;
    if (!command || rest.length > 0) throw new ClientAdministrationError(USAGE);
    return { command, clientId, values };
  } catch (error) {
    if (error instanceof ClientAdministrationError) throw error;
    throw new ClientAdministrationError(
      `${error instanceof Error ? error.message : String(error)}\n${USAGE}`,
    );
  }
}

const listOf = (value: string | undefined): string[] | undefined =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');

/** `none` or 0: no limit; a number: requests per minute; `default`: the bus's default. */
function rateOf(value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === 'default') return null;
  if (value === 'none') return 0;
  if (!/^\d+$/.test(value))
    throw new ClientAdministrationError('--rate-limit is a number per minute, none or default');
  return Number(value);
}

function needsClientId(parsed: ParsedCommand): string {
  if (!parsed.clientId) throw new ClientAdministrationError(`${parsed.command} needs a client id\n${USAGE}`);
  return parsed.clientId;
}

/** What a command prints: JSON, so scripts read it; a secret is printed once and never again. */
export async function runClientCommand(
  parsed: ParsedCommand,
  administration: ClientAdministration,
  rotateKey: () => Promise<string>,
): Promise<unknown> {
  const { values } = parsed;
  const changes = {
    description: values.description,
    scopes: listOf(values.scopes),
    agencies: listOf(values.agencies),
    citizenFields: listOf(values['citizen-fields']),
    rateLimitPerMinute: rateOf(values['rate-limit']),
  };
  const shown = (client: ApiClient) => describeClient(client);
  switch (parsed.command) {
    case 'create': {
      const draft: ClientDraft = {
        clientId: needsClientId(parsed),
        description: changes.description,
        scopes: changes.scopes ?? [],
        agencies: changes.agencies ?? [],
        citizenFields: changes.citizenFields,
        rateLimitPerMinute: changes.rateLimitPerMinute,
      };
      const { client, secret } = await administration.create(draft);
      return { ...shown(client), clientSecret: secret, note: 'the secret is shown once: hand it over now' };
    }
    case 'list':
      return (await administration.list()).map(shown);
    case 'update':
      return shown(await administration.update(needsClientId(parsed), changes));
    case 'rotate-secret': {
      const clientId = needsClientId(parsed);
      const secret = await administration.rotateSecret(clientId);
      return {
        clientId,
        clientSecret: secret,
        note: 'the old secret no longer works; this one is shown once',
      };
    }
    case 'disable':
      return shown(await administration.disable(needsClientId(parsed)));
    case 'enable':
      return shown(await administration.enable(needsClientId(parsed)));
    case 'rotate-key':
      return {
        keyId: await rotateKey(),
        note: 'new tokens are signed with this key within 30 s; tokens of the old key stay valid until they expire',
      };
    default:
      throw new ClientAdministrationError(`unknown command ${parsed.command}\n${USAGE}`);
  }
}
