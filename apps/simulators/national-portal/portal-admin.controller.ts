import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import { FiledDossier, FiledDossierFeed, InvalidFiledDossierError } from './filed-dossier.feed';
import { PortalDossierHistory, PortalDossierStore } from './portal-dossier.store';
import { isRecord, PortalRecord } from './portal-dossier.validator';
import { PortalSessionStore } from './portal-session.store';

/** Test and demo access to the portal's state: applied calls per dossier, logins, the filed-dossier feed. */
@Controller('admin/portal')
export class PortalAdminController {
  constructor(
    private readonly dossiers: PortalDossierStore,
    private readonly sessions: PortalSessionStore,
    private readonly feed: FiledDossierFeed,
  ) {}

  @Get('stats')
  stats(): Record<string, number> {
    return { ...this.sessions.stats(), ...this.dossiers.totals() };
  }

  @Get('dossiers')
  list(): ReturnType<PortalDossierStore['summary']> {
    return this.dossiers.summary();
  }

  @Get('dossiers/:maHoSo')
  dossier(@Param('maHoSo') maHoSo: string): PortalDossierHistory {
    const history = this.dossiers.get(maHoSo);
    if (!history) throw new NotFoundException(`dossier ${maHoSo} was never synchronised`);
    return history;
  }

  /** Ends every session now, as the portal does at its own whim. */
  @Post('sessions/expire')
  @HttpCode(204)
  expireSessions(): void {
    this.sessions.expireAll();
  }

  /** Files dossiers on the portal as citizens would: `{count}` generated ones, or the given `dossiers`. */
  @Post('filed-dossiers')
  fileDossiers(@Body() body: unknown): FiledDossier[] {
    const input = isRecord(body) ? body : {};
    const given = Array.isArray(input.dossiers) ? (input.dossiers as unknown[]) : undefined;
    const count = typeof input.count === 'number' && Number.isInteger(input.count) ? input.count : 1;
    if (given && !given.every(isRecord)) throw new BadRequestException('dossiers must be objects');
    if (!given && (count < 1 || count > 10_000)) throw new BadRequestException('count must be 1..10000');
    const partials: PortalRecord[] = given ?? Array.from({ length: count }, () => ({}));
    try {
      return partials.map((partial) => this.feed.file(partial));
    } catch (error) {
      if (error instanceof InvalidFiledDossierError) throw new BadRequestException(error.problems);
      throw error;
    }
  }

  @Get('filed-dossiers')
  filed(): ReturnType<FiledDossierFeed['state']> {
    return this.feed.state();
  }
}
