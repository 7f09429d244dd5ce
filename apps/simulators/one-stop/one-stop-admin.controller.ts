import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { INBOX_KINDS, InboxItem, InboxKind, OneStopInboxStore } from './one-stop-inbox.store';

/** Lets tests read what reached the one-stop system. */
@Controller('admin/one-stop')
export class OneStopAdminController {
  constructor(private readonly inbox: OneStopInboxStore) {}

  @Get('received')
  received(@Query('kind') kind?: string, @Query('key') key?: string): InboxItem[] {
    if (kind !== undefined && !INBOX_KINDS.includes(kind as InboxKind)) {
      throw new BadRequestException(`kind must be one of ${INBOX_KINDS.join(', ')}`);
    }
    return this.inbox.list({ kind: kind as InboxKind | undefined, key });
  }

  @Get('stats')
  stats(): ReturnType<OneStopInboxStore['stats']> {
    return this.inbox.stats();
  }
}
