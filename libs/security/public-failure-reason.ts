import { maskPersonalIds } from '@lgsp/observability';

/** Codes whose reason ends with what a partner (or its transport) said, after the bus's own words. */
const PARTNER_FAILURE_CODES: ReadonlySet<string> = new Set([
  'rejected_by_partner',
  'partner_unavailable',
  'unauthorized',
  'forbidden',
]);

/** What may stay of a partner's part: an HTTP status or a network error code says what happened, nothing more. */
const BARE_TRANSPORT_DETAIL = /^(HTTP \d{3}|E[A-Z_]+|timeout of \d+ms exceeded)$/u;

export const WITHHELD = '[partner text withheld]';

/**
 * A failure reason as the public dossier trace may show it. The bus's own words stay (which partner, which
 * call, which error code); a partner's free text does not, since it may quote the citizen's name or ID back, or
 * internal addresses. The full reason stays where only operators look (dead letters), and the one-stop system
 * still receives it in connector.delivery-failed.
 */
export function publicFailureReason(code: string, reason: string): string {
  const masked = maskPersonalIds(reason);
  if (!PARTNER_FAILURE_CODES.has(code)) return masked;
  const cut = masked.indexOf(': ');
  if (cut < 0) return masked;
  const detail = masked.slice(cut + 2);
  return BARE_TRANSPORT_DETAIL.test(detail) ? masked : `${masked.slice(0, cut)}: ${WITHHELD}`;
}
