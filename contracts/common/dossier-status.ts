/**
 * The canonical status of a dossier on the whole bus: the national portal's `TrangThaiHoSo` codes, kept as
 * numbers so the adapters pass them through unchanged.
 */
export enum DossierStatus {
  /** mới đăng ký */
  NewlyRegistered = 1,
  /** được tiếp nhận */
  Received = 2,
  /** không được tiếp nhận */
  NotAccepted = 3,
  /** đang xử lý */
  InProcess = 4,
  /** yêu cầu bổ sung giấy tờ */
  SupplementRequested = 5,
  /** yêu cầu thực hiện nghĩa vụ tài chính */
  FinancialObligationRequested = 6,
  /** công dân yêu cầu rút hồ sơ */
  WithdrawnByCitizen = 7,
  /** dừng xử lý */
  ProcessingStopped = 8,
  /** đã xử lý xong */
  Processed = 9,
  /** đã trả kết quả */
  ResultReturned = 10,
}

export const DOSSIER_STATUSES: readonly DossierStatus[] = Object.values(DossierStatus).filter(
  (value): value is DossierStatus => typeof value === 'number',
);

export const TERMINAL_DOSSIER_STATUSES: ReadonlySet<DossierStatus> = new Set([
  DossierStatus.NotAccepted,
  DossierStatus.WithdrawnByCitizen,
  DossierStatus.ProcessingStopped,
  DossierStatus.ResultReturned,
]);

export function isTerminalStatus(status: DossierStatus): boolean {
  return TERMINAL_DOSSIER_STATUSES.has(status);
}

const S = DossierStatus;

/**
 * Where a dossier may go from each status. The one hard rule (docs/domain.md): nothing leaves a terminal status.
 * The rest follows the one-stop procedure:
 * - a registered dossier is received, refused or withdrawn before anyone works on it;
 * - from reception until a decision, officers may process, ask for supplements or payment, stop, or finish,
 *   and the citizen may withdraw;
 * - a supplement or a payment brings the dossier back to processing (or to reception, for a supplement that
 *   must be checked again at the counter);
 * - a processed dossier can only have its result returned (a fee due at pick-up is requested before 9).
 * Staying in the same non-terminal status is allowed: each processing step is its own status change, and
 * several steps happen while a dossier is in process.
 * Ordering in time (an event older than the last one applied is stale) is the ledger's check, not this table's.
 */
export const ALLOWED_STATUS_TRANSITIONS: Readonly<Record<DossierStatus, readonly DossierStatus[]>> = {
  [S.NewlyRegistered]: [S.Received, S.NotAccepted, S.WithdrawnByCitizen],
  [S.Received]: [
    S.InProcess,
    S.SupplementRequested,
    S.FinancialObligationRequested,
    S.WithdrawnByCitizen,
    S.ProcessingStopped,
    S.Processed,
  ],
  [S.NotAccepted]: [],
  [S.InProcess]: [
    S.SupplementRequested,
    S.FinancialObligationRequested,
    S.WithdrawnByCitizen,
    S.ProcessingStopped,
    S.Processed,
  ],
  [S.SupplementRequested]: [
    S.Received,
    S.InProcess,
    S.FinancialObligationRequested,
    S.WithdrawnByCitizen,
    S.ProcessingStopped,
  ],
  [S.FinancialObligationRequested]: [
    S.InProcess,
    S.SupplementRequested,
    S.WithdrawnByCitizen,
    S.ProcessingStopped,
    S.Processed,
  ],
  [S.WithdrawnByCitizen]: [],
  [S.ProcessingStopped]: [],
  [S.Processed]: [S.ResultReturned],
  [S.ResultReturned]: [],
};

/** Whether a dossier in `from` may move to `to`; see ALLOWED_STATUS_TRANSITIONS for the table and why. */
export function canTransition(from: DossierStatus, to: DossierStatus): boolean {
  if (isTerminalStatus(from)) return false;
  return from === to || ALLOWED_STATUS_TRANSITIONS[from].includes(to);
}
