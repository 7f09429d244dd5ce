import { Injectable } from '@nestjs/common';
import { FiledDossierFeed } from './filed-dossier.feed';
import { PortalDossierStore } from './portal-dossier.store';
import {
  batchProblems,
  dossierProblems,
  isRecord,
  PortalRecord,
  progressProblems,
} from './portal-dossier.validator';
import { PortalErrorCode, portalError, portalOk, PortalReply } from './portal-error-codes';
import { AGENCIES, findProcedure, PROCEDURES } from './procedure-catalogue';

const MAX_FEED_PAGE = 100;

/** The portal's services, by the `service` name of an integration call. */
@Injectable()
export class PortalServices {
  private readonly handlers: Record<string, (body: PortalRecord) => PortalReply> = {
    DongBoHoSoMC: (body) => this.synchronise(body),
    CapNhatTienDoHoSoMC: (body) => this.recordProgress(body),
    TraCuuHoSo: (body) => this.lookUpDossier(body),
    LayDanhSachTTHC: () => portalOk([...PROCEDURES]),
    LayThuTuc: (body) => this.lookUpProcedure(body),
    LayDanhMucCoQuan: () => portalOk([...AGENCIES]),
    LayDanhSachHoSoMoi: (body) => this.readFeed(body),
    XacNhanHoSoMoi: (body) => this.acknowledgeFeed(body),
  };

  constructor(
    private readonly dossiers: PortalDossierStore,
    private readonly feed: FiledDossierFeed,
  ) {}

  handle(service: unknown, body: PortalRecord): PortalReply {
    const handler = typeof service === 'string' ? this.handlers[service] : undefined;
    if (!handler)
      return portalError(PortalErrorCode.UNKNOWN_SERVICE, `Dịch vụ không tồn tại: ${String(service)}`);
    return handler(body);
  }

  private synchronise(body: PortalRecord): PortalReply {
    if (typeof body.isUpdating !== 'boolean') {
      return portalError(PortalErrorCode.INVALID_DATA, 'isUpdating must be true or false');
    }
    const data = body.data;
    if (!Array.isArray(data) || data.length === 0) {
      return portalError(PortalErrorCode.INVALID_DATA, 'data must be a non-empty list of dossiers');
    }
    // All or nothing: a batch with one bad dossier changes nothing, so a corrected retry cannot double-apply.
    const problems = batchProblems(data, dossierProblems);
    if (problems.length > 0) return portalError(PortalErrorCode.INVALID_DATA, problems.join('; '));
    // The portal only knows dossiers of procedures in its national catalogue.
    const unknownProcedures = (data as PortalRecord[])
      .map((dossier) => String(dossier.MaTTHC))
      .filter((code) => !findProcedure(code));
    if (unknownProcedures.length > 0) {
      return portalError(
        PortalErrorCode.PROCEDURE_NOT_FOUND,
        `Thủ tục hành chính không có trong danh mục quốc gia: ${[...new Set(unknownProcedures)].join(', ')}`,
      );
    }
    const isUpdating = body.isUpdating;
    const dossiers = data as PortalRecord[];
    for (const dossier of dossiers) this.dossiers.applySync(dossier, isUpdating);
    return portalOk(dossiers.map((dossier) => ({ MaHoSo: dossier.MaHoSo, KetQua: 'OK' })));
  }

  private recordProgress(body: PortalRecord): PortalReply {
    const data = body.data;
    if (!Array.isArray(data) || data.length === 0) {
      return portalError(PortalErrorCode.INVALID_DATA, 'data must be a non-empty list of progress steps');
    }
    const problems = batchProblems(data, progressProblems);
    if (problems.length > 0) return portalError(PortalErrorCode.INVALID_DATA, problems.join('; '));
    const updates = data as PortalRecord[];
    const unknown = updates.map((update) => String(update.MaHoSo)).filter((code) => !this.dossiers.has(code));
    if (unknown.length > 0) {
      return portalError(
        PortalErrorCode.DOSSIER_NOT_SYNCHRONISED,
        `Hồ sơ chưa được đồng bộ (DongBoHoSoMC): ${[...new Set(unknown)].join(', ')}`,
      );
    }
    for (const update of updates) this.dossiers.applyProgress(update);
    return portalOk(updates.map((update) => ({ MaHoSo: update.MaHoSo, KetQua: 'OK' })));
  }

  private lookUpDossier(body: PortalRecord): PortalReply {
    if (typeof body.mahoso !== 'string' || body.mahoso === '') {
      return portalError(PortalErrorCode.INVALID_DATA, 'mahoso is required');
    }
    const history = this.dossiers.get(body.mahoso);
    if (!history)
      return portalError(PortalErrorCode.DOSSIER_NOT_FOUND, `Không tìm thấy hồ sơ ${body.mahoso}`);
    return portalOk([{ ...history.current, QuaTrinhXuLy: history.progress.map((entry) => entry.update) }]);
  }

  private lookUpProcedure(body: PortalRecord): PortalReply {
    if (typeof body.maTTHC !== 'string' || body.maTTHC === '') {
      return portalError(PortalErrorCode.INVALID_DATA, 'maTTHC is required');
    }
    const procedure = findProcedure(body.maTTHC);
    if (!procedure)
      return portalError(PortalErrorCode.PROCEDURE_NOT_FOUND, `Không tìm thấy thủ tục ${body.maTTHC}`);
    return portalOk([procedure]);
  }

  private readFeed(body: PortalRecord): PortalReply {
    const { cursor, limit } = body;
    if (cursor !== undefined && !this.feed.isCursor(cursor)) {
      return portalError(PortalErrorCode.INVALID_DATA, 'cursor is not one this feed issued');
    }
    if (limit !== undefined && !(Number.isInteger(limit) && typeof limit === 'number' && limit > 0)) {
      return portalError(PortalErrorCode.INVALID_DATA, 'limit must be a positive whole number');
    }
    const page = this.feed.read(cursor, Math.min(limit ?? MAX_FEED_PAGE, MAX_FEED_PAGE));
    return portalOk(
      page.items.map((item) => item.dossier),
      { nextCursor: page.nextCursor },
    );
  }

  private acknowledgeFeed(body: PortalRecord): PortalReply {
    if (!isRecord(body) || typeof body.cursor !== 'string' || !this.feed.acknowledge(body.cursor)) {
      return portalError(PortalErrorCode.INVALID_DATA, 'cursor is not one this feed issued');
    }
    return portalOk([], { acknowledgedCursor: body.cursor });
  }
}
