import {
  ALLOWED_STATUS_TRANSITIONS,
  DOSSIER_STATUSES,
  DossierStatus,
  TERMINAL_DOSSIER_STATUSES,
  canTransition,
  isTerminalStatus,
} from './dossier-status';

describe('DossierStatus', () => {
  it('has the national portal codes 1 to 10', () => {
    expect(DOSSIER_STATUSES).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(DossierStatus.ResultReturned).toBe(10);
  });

  it('treats 3, 7, 8 and 10 as terminal', () => {
    expect([...TERMINAL_DOSSIER_STATUSES].sort((a, b) => a - b)).toEqual([3, 7, 8, 10]);
    expect(DOSSIER_STATUSES.filter(isTerminalStatus)).toEqual([3, 7, 8, 10]);
  });

  it('never leaves a terminal status, not even to itself', () => {
    for (const from of TERMINAL_DOSSIER_STATUSES) {
      expect(ALLOWED_STATUS_TRANSITIONS[from]).toEqual([]);
      for (const to of DOSSIER_STATUSES) expect(canTransition(from, to)).toBe(false);
    }
  });

  it('lets a non-terminal status repeat, for the next processing step', () => {
    for (const status of DOSSIER_STATUSES.filter((status) => !isTerminalStatus(status))) {
      expect(canTransition(status, status)).toBe(true);
    }
  });

  it('follows the table', () => {
    expect(canTransition(DossierStatus.NewlyRegistered, DossierStatus.Received)).toBe(true);
    expect(canTransition(DossierStatus.Received, DossierStatus.InProcess)).toBe(true);
    expect(canTransition(DossierStatus.SupplementRequested, DossierStatus.InProcess)).toBe(true);
    expect(canTransition(DossierStatus.Processed, DossierStatus.ResultReturned)).toBe(true);
    expect(canTransition(DossierStatus.NewlyRegistered, DossierStatus.Processed)).toBe(false);
    expect(canTransition(DossierStatus.Processed, DossierStatus.InProcess)).toBe(false);
    expect(canTransition(DossierStatus.InProcess, DossierStatus.NewlyRegistered)).toBe(false);
  });

  it('reaches every status from "newly registered", and a terminal status from every status', () => {
    const reachable = new Set<DossierStatus>([DossierStatus.NewlyRegistered]);
    for (let grew = true; grew;) {
      const before = reachable.size;
      for (const from of [...reachable]) ALLOWED_STATUS_TRANSITIONS[from].forEach((to) => reachable.add(to));
      grew = reachable.size > before;
    }
    expect([...reachable].sort((a, b) => a - b)).toEqual(DOSSIER_STATUSES);
    for (const status of DOSSIER_STATUSES.filter((status) => !isTerminalStatus(status))) {
      expect(ALLOWED_STATUS_TRANSITIONS[status].some(isTerminalStatus)).toBe(true);
    }
  });
});
