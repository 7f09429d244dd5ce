import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequiresScope, Scope } from '@lgsp/security';
import { RecordedStaleEvent, StaleEventRepository, StaleEventsOfClient } from './stale-event.repository';

const RECENT_LIMIT = 100;

/** The operator's view of stale events: which client sends them, and which dossiers they touched. */
@ApiTags('operations')
@Controller('v1/ops/stale-events')
export class StaleEventsController {
  constructor(private readonly events: StaleEventRepository) {}

  @Get()
  @RequiresScope(Scope.OpsRead)
  @ApiOperation({
    summary: 'Stale events per client; with clientId, that client’s latest 100',
    description:
      'An event is stale when it is older than the last event applied to its dossier: the bus answered 202 with ' +
      'outcome "stale", left the dossier’s status alone and forwarded only a status change’s processing step. ' +
      'A growing count points at a client whose clock runs wrong or who sends events out of order; a dossier ' +
      'whose ledger holds a time ahead can be repaired with POST /v1/ops/dossiers/{code}/ledger-repair.',
  })
  @ApiQuery({ name: 'clientId', required: false })
  @ApiOkResponse({ description: '{ clients: [...], recent?: [...] }' })
  async list(
    @Query('clientId') clientId?: string,
  ): Promise<{ clients: StaleEventsOfClient[]; recent?: RecordedStaleEvent[] }> {
    const clients = await this.events.perClient();
    if (typeof clientId !== 'string') return { clients };
    return { clients, recent: await this.events.recent(clientId, RECENT_LIMIT) };
  }
}
