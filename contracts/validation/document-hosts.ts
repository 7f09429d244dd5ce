import { isIP } from 'node:net';

/**
 * The hosts document links may point at. A link in a dossier is handed on to a partner (the national portal,
 * or the one-stop system for a dossier filed on the portal) that fetches it from its own network position: a
 * link to an internal address would make the partner fetch that address for whoever wrote the link. Entries
 * are exact host names (`files.one-stop.gov.vn`) or a pattern for every subdomain (`*.one-stop.gov.vn`).
 */
export class DocumentHostAllowList {
  private readonly exact: ReadonlySet<string>;
  /** Each `*.suffix` pattern kept as `.suffix`, so `evil-suffix` never matches. */
  private readonly suffixes: readonly string[];

  constructor(readonly entries: readonly string[]) {
    const names = entries.map((entry) => canonicalHost(entry)).filter((entry) => entry !== '');
    this.exact = new Set(names.filter((name) => !name.startsWith('*.')));
    this.suffixes = names.filter((name) => name.startsWith('*.')).map((name) => name.slice(1));
  }

  /** A comma-separated list, as DOCUMENT_HOSTS holds it. */
  static parse(text: string): DocumentHostAllowList {
    return new DocumentHostAllowList(text.split(','));
  }

  allows(hostname: string): boolean {
    const host = canonicalHost(hostname);
    return this.exact.has(host) || this.suffixes.some((suffix) => host.endsWith(suffix));
  }
}

/** Lower case, without brackets or the trailing root dot, so `Files.Example.VN.` matches `files.example.vn`. */
function canonicalHost(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/u, '');
}

/**
 * Hosts no document may live on, configured or not: addresses (a private range, the cloud metadata service,
 * loopback) and the local machine's own names.
 */
export function isLocalOrAddressHost(hostname: string): boolean {
  const host = canonicalHost(hostname).replace(/^\[|\]$/gu, '');
  return isIP(host) !== 0 || host === 'localhost' || host.endsWith('.localhost') || !host.includes('.');
}

let configured: DocumentHostAllowList | undefined;

/**
 * Set once per process from configuration (DOCUMENT_HOSTS) by the config module, before any request or message
 * is validated. A process that never loads the configuration (a unit test, the schema freezer) keeps the rules
 * that need none: https, no credentials, no address or local host.
 */
export function allowDocumentHosts(list: DocumentHostAllowList): void {
  configured = list;
}

export function allowedDocumentHosts(): DocumentHostAllowList | undefined {
  return configured;
}
