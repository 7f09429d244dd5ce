import { Inject, Injectable } from '@nestjs/common';
import { formatPortalDate } from '@lgsp/adapters/national-portal/portal-date';
import {
  Citizen,
  DEFAULT_POPULATION_SEED,
  fullNameOf,
  generatePopulation,
} from '../kit/synthetic-population';
import { Clock } from '../kit/clock';
import { ResetRegistry } from '../kit/reset.registry';
import { dossierProblems, PortalRecord } from './portal-dossier.validator';
import { NationalPortalSimulatorOptions, PORTAL_OPTIONS } from './portal-simulator.options';
import { PROCEDURES } from './procedure-catalogue';

export interface FiledDossier {
  cursor: string;
  filedAt: string;
  dossier: PortalRecord;
}

/** How many citizens of the default synthetic population (the population simulator's) file dossiers here. */
const APPLICANT_POOL = 500;

/**
 * Dossiers citizens filed on the portal, offered to the bus as a pull feed: the bus reads after a cursor and
 * acknowledges the cursor it has made durable. Reading without a cursor starts after the last
 * acknowledgement, so a bus that crashed between reading and acknowledging reads the same dossiers again
 * (at-least-once; the bus deduplicates by MaHoSo).
 */
@Injectable()
export class FiledDossierFeed {
  private items: FiledDossier[] = [];
  private lastSeq = 0;
  private acknowledged = 0;
  private applicants: Citizen[] | undefined;

  constructor(
    private readonly clock: Clock,
    @Inject(PORTAL_OPTIONS) private readonly options: NationalPortalSimulatorOptions,
    resets: ResetRegistry,
  ) {
    resets.add(this);
  }

  /** Files a dossier as a citizen would; missing fields get plausible values. Throws on an invalid dossier. */
  file(partial: PortalRecord = {}): FiledDossier {
    const seq = this.lastSeq + 1;
    const now = this.clock.now();
    const procedure = PROCEDURES[seq % PROCEDURES.length];
    const applicant = this.applicant(seq);
    const code = `${this.options.dstcode}-${formatPortalDate(now).slice(2, 8)}-${String(seq).padStart(6, '0')}`;
    const dossier: PortalRecord = {
      MaHoSo: code,
      MaTTHC: procedure.MaTTHC,
      TenTTHC: procedure.TenTTHC,
      MaLinhVuc: procedure.MaLinhVuc,
      TenLinhVuc: procedure.TenLinhVuc,
      ChuHoSo: fullNameOf(applicant),
      LoaiDoiTuong: '1',
      MaDoiTuong: applicant.SoDinhDanh,
      SoDienThoai: `09${String(10_000_000 + seq).slice(-8)}`,
      TrichYeuHoSo: procedure.TenTTHC,
      NgayTiepNhan: formatPortalDate(now),
      TrangThaiHoSo: 1,
      HinhThuc: '0',
      TaiLieuNop: procedure.ThanhPhanHoSo.map((component, index) => ({
        TepDinhKemId: `${code}-${index + 1}`,
        TenTepDinhKem: `${component.TenThanhPhanHoSo}.pdf`,
        IsDeleted: false,
        MaThanhPhanHoSo: component.MaThanhPhanHoSo,
        DuongDanTaiTepTin: `https://dichvucong.gov.vn/files/${encodeURIComponent(code)}/${index + 1}`,
      })),
      DanhSachLePhi: procedure.DanhSachLePhi.map((fee) => ({ ...fee, HinhThucThu: '2' })),
      ...partial,
    };
    const problems = dossierProblems(dossier);
    if (problems.length > 0) throw new InvalidFiledDossierError(problems);
    this.lastSeq = seq;
    const filed: FiledDossier = { cursor: String(seq), filedAt: now.toISOString(), dossier };
    this.items.push(filed);
    return filed;
  }

  // Applicants are citizens of the population simulator's default population, so a demo can verify them there.
  private applicant(seq: number): Citizen {
    this.applicants ??= generatePopulation(DEFAULT_POPULATION_SEED, APPLICANT_POOL);
    return this.applicants[seq % this.applicants.length];
  }

  /** Dossiers after the cursor (or after the last acknowledgement), oldest first. */
  read(cursor: string | undefined, limit: number): { items: FiledDossier[]; nextCursor: string } {
    const after = cursor === undefined ? this.acknowledged : Number(cursor);
    const items = this.items.filter((item) => Number(item.cursor) > after).slice(0, limit);
    const nextCursor = items.length > 0 ? items[items.length - 1].cursor : String(after);
    return { items, nextCursor };
  }

  /** Moves the acknowledgement forward (never back) and forgets what it covers. */
  acknowledge(cursor: string): boolean {
    const seq = Number(cursor);
    if (!Number.isInteger(seq) || seq < 0 || seq > this.lastSeq) return false;
    if (seq > this.acknowledged) {
      this.acknowledged = seq;
      this.items = this.items.filter((item) => Number(item.cursor) > seq);
    }
    return true;
  }

  isCursor(value: unknown): value is string {
    return typeof value === 'string' && /^\d+$/.test(value) && Number(value) <= this.lastSeq;
  }

  state(): { acknowledgedCursor: string; latestCursor: string; pending: FiledDossier[] } {
    return {
      acknowledgedCursor: String(this.acknowledged),
      latestCursor: String(this.lastSeq),
      pending: [...this.items],
    };
  }

  reset(): void {
    this.items = [];
    this.lastSeq = 0;
    this.acknowledged = 0;
  }
}

export class InvalidFiledDossierError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid dossier: ${problems.join('; ')}`);
  }
}
