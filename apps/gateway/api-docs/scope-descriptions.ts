import { Scope } from '@lgsp/security';

/** What each scope lets a client do, for the OAuth2 scheme of the OpenAPI document; a new scope must say. */
export const SCOPE_DESCRIPTIONS: Readonly<Record<Scope, string>> = {
  [Scope.DossierWrite]: 'Register dossiers and record their status changes (the one-stop system)',
  [Scope.DossierRead]: 'Read a dossier’s trace',
  [Scope.CitizenVerify]: 'Look a citizen up in the population database',
  [Scope.PaymentCreate]: 'Ask for a fee to be paid online',
  [Scope.OpsRead]: 'Read connector health, stale events, dead letters and operator reports',
  [Scope.OpsWrite]: 'Act as an operator: repair a ledger, replay dead letters',
};
