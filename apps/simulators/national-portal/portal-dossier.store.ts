import { Injectable } from '@nestjs/common';
import { Clock } from '../kit/clock';
import { ResetRegistry } from '../kit/reset.registry';
import { isRecord, PortalRecord } from './portal-dossier.validator';

/** One applied call, in the order the portal applied it; `seq` is global so order across dossiers shows too. */
export interface AppliedSync {
  seq: number;
  at: string;
  isUpdating: boolean;
  dossier: PortalRecord;
}

export interface AppliedProgress {
  seq: number;
  at: string;
  update: PortalRecord;
}

export interface PortalDossierHistory {
  maHoSo: string;
  current: PortalRecord;
  syncs: AppliedSync[];
  progress: AppliedProgress[];
}

export interface PortalDossierSummary {
  maHoSo: string;
  status: unknown;
  syncCount: number;
  progressCount: number;
  /** Codes (MaPhiLePhi) of the fees the dossier's current record shows paid (TrangThaiThanhToan 1). */
  paidFees: string[];
}

function paidFees(record: PortalRecord): string[] {
  const fees = Array.isArray(record.DanhSachLePhi) ? (record.DanhSachLePhi as unknown[]) : [];
  return fees
    .filter(isRecord)
    .flatMap((fee) => (fee.TrangThaiThanhToan === 1 ? [String(fee.MaPhiLePhi)] : []));
}

/** The dossiers the portal holds, and every DongBoHoSoMC and CapNhatTienDoHoSoMC it applied to each. */
@Injectable()
export class PortalDossierStore {
  private readonly dossiers = new Map<string, PortalDossierHistory>();
  private seq = 0;

  constructor(
    private readonly clock: Clock,
    resets: ResetRegistry,
  ) {
    resets.add(this);
  }

  applySync(dossier: PortalRecord, isUpdating: boolean): void {
    const maHoSo = String(dossier.MaHoSo);
    const entry: AppliedSync = {
      seq: this.nextSeq(),
      at: this.clock.now().toISOString(),
      isUpdating,
      dossier,
    };
    const existing = this.dossiers.get(maHoSo);
    if (existing) {
      existing.current = { ...existing.current, ...dossier };
      existing.syncs.push(entry);
    } else {
      this.dossiers.set(maHoSo, { maHoSo, current: { ...dossier }, syncs: [entry], progress: [] });
    }
  }

  applyProgress(update: PortalRecord): void {
    const history = this.dossiers.get(String(update.MaHoSo));
    if (!history) throw new Error(`dossier ${String(update.MaHoSo)} was never synchronised`);
    history.progress.push({ seq: this.nextSeq(), at: this.clock.now().toISOString(), update });
  }

  has(maHoSo: string): boolean {
    return this.dossiers.has(maHoSo);
  }

  get(maHoSo: string): PortalDossierHistory | undefined {
    return this.dossiers.get(maHoSo);
  }

  summary(): PortalDossierSummary[] {
    return [...this.dossiers.values()].map((history) => ({
      maHoSo: history.maHoSo,
      status: history.current.TrangThaiHoSo,
      syncCount: history.syncs.length,
      progressCount: history.progress.length,
      paidFees: paidFees(history.current),
    }));
  }

  totals(): { dossiers: number; syncs: number; progressUpdates: number } {
    let syncs = 0;
    let progressUpdates = 0;
    for (const history of this.dossiers.values()) {
      syncs += history.syncs.length;
      progressUpdates += history.progress.length;
    }
    return { dossiers: this.dossiers.size, syncs, progressUpdates };
  }

  reset(): void {
    this.dossiers.clear();
    this.seq = 0;
  }

  private nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }
}
