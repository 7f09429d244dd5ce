import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { FaultControls, InvalidFaultSettingsError } from './fault-controls';
import { FaultSettings } from './fault-settings';
import { ReceivedQuery, ReceivedRequest, ReceivedRequestsRecorder } from './received-requests.recorder';
import { ResetRegistry } from './reset.registry';

function optionalNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new BadRequestException(`${name} must be a whole number`);
  return value;
}

/** The admin API every simulator shares: faults, what was received, reset. */
@Controller('admin')
export class SimulatorAdminController {
  constructor(
    private readonly faults: FaultControls,
    private readonly recorder: ReceivedRequestsRecorder,
    private readonly resets: ResetRegistry,
  ) {}

  @Get('faults')
  current(): FaultSettings {
    return this.faults.current();
  }

  @Post('faults')
  @HttpCode(200)
  async set(@Body() body: unknown): Promise<FaultSettings> {
    try {
      return await this.faults.set(body);
    } catch (error) {
      if (error instanceof InvalidFaultSettingsError) {
        throw new BadRequestException({ message: 'invalid faults', problems: error.problems });
      }
      throw error;
    }
  }

  @Delete('faults')
  @HttpCode(204)
  async clear(): Promise<void> {
    await this.faults.clear();
  }

  @Get('received')
  received(
    @Query('method') method?: string,
    @Query('path') path?: string,
    @Query('pathPrefix') pathPrefix?: string,
    @Query('since') since?: string,
    @Query('contains') contains?: string,
    @Query('limit') limit?: string,
  ): { total: number; dropped: number; requests: ReceivedRequest[] } {
    const filter: ReceivedQuery = {
      method,
      path,
      pathPrefix,
      contains,
      since: optionalNumber('since', since),
      limit: optionalNumber('limit', limit),
    };
    return this.recorder.query(filter);
  }

  @Post('reset')
  @HttpCode(204)
  async reset(): Promise<void> {
    this.recorder.reset();
    this.resets.resetAll();
    await this.faults.clear();
  }
}
