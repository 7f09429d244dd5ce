/**
 * What a client may do. A route declares the one scope it needs (`@RequiresScope`); a client's record lists the
 * scopes it may ask tokens for, and a token carries those it was granted.
 */
export enum Scope {
  /** Register dossiers and record their status changes (the one-stop system). */
  DossierWrite = 'dossier:write',
  /** Read a dossier's trace. */
  DossierRead = 'dossier:read',
  /** Look a citizen up in the population database. */
  CitizenVerify = 'citizen:verify',
  /** Ask for a fee to be paid online. */
  PaymentCreate = 'payment:create',
  /** Read connector health, dead letters and operator reports. */
  OpsRead = 'ops:read',
  /** Act as an operator: repair a ledger, replay dead letters. */
  OpsWrite = 'ops:write',
}

export const ALL_SCOPES: readonly Scope[] = Object.values(Scope);

export function isScope(value: string): value is Scope {
  return (ALL_SCOPES as readonly string[]).includes(value);
}

/** A space-separated scope list (RFC 6749 §3.3), in a stable order and without repeats. */
export function formatScopes(scopes: Iterable<Scope>): string {
  return [...new Set(scopes)].sort().join(' ');
}

/** The scopes in a space-separated list, and the words in it that name no scope. */
export function parseScopes(text: string): { scopes: Scope[]; unknown: string[] } {
  const words = text.split(' ').filter((word) => word !== '');
  return { scopes: words.filter(isScope), unknown: words.filter((word) => !isScope(word)) };
}
