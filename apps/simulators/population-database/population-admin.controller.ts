import {
  BadRequestException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { upperCaseCitizenName } from '@lgsp/adapters/population-database/citizen-name';
import { NgspTokenStore } from './ngsp-token.store';
import { PopulationRegistry } from './population.registry';
import { ServiceTimings } from './service-timings';
import { Citizen, fullNameOf } from '../kit/synthetic-population';

export type SampledCitizen = Citizen & { fullName: string; HoVaTenUpper: string };

function describe(citizen: Citizen): SampledCitizen {
  const fullName = fullNameOf(citizen);
  return { ...citizen, fullName, HoVaTenUpper: upperCaseCitizenName(fullName) };
}

/** Lets tests pick real (synthetic) citizens and control NGSP tokens. */
@Controller('admin')
export class PopulationAdminController {
  constructor(
    private readonly population: PopulationRegistry,
    private readonly tokens: NgspTokenStore,
    private readonly timings: ServiceTimings,
  ) {}

  @Get('population/sample')
  sample(@Query('count') count = '10', @Query('offset') offset = '0'): SampledCitizen[] {
    const wanted = Number(count);
    const from = Number(offset);
    if (!Number.isInteger(wanted) || wanted < 1 || wanted > 10_000 || !Number.isInteger(from) || from < 0) {
      throw new BadRequestException('count must be 1..10000 and offset a whole number');
    }
    return this.population.sample(wanted, from).map(describe);
  }

  @Get('population/:id')
  citizen(@Param('id') id: string): SampledCitizen {
    const citizen = this.population.find(id);
    if (!citizen) throw new NotFoundException(`no citizen ${id}`);
    return describe(citizen);
  }

  /** Milliseconds each answered SOAP call took here, by MaYeuCau (the most recent 50,000). */
  @Get('population/timings')
  serviceTimings(): Record<string, number> {
    return this.timings.all();
  }

  @Get('ngsp/stats')
  stats(): ReturnType<NgspTokenStore['stats']> {
    return this.tokens.stats();
  }

  /** Invalidates every token now, so the next call gets 401 and must fetch a new one. */
  @Post('ngsp/tokens/expire')
  @HttpCode(204)
  expire(): void {
    this.tokens.expireAll();
  }
}
