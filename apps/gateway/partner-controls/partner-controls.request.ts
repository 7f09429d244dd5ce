import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { IsOffsetDateTime, IsPlainText } from '@lgsp/contracts';
import { NATIONAL_PORTAL } from '@lgsp/adapters/national-portal';
import { POPULATION_DATABASE } from '@lgsp/adapters/population-database';

/**
 * The partners whose breakers the worker replicas share: the connectors that call out from the workers. (The
 * payment gateways are called by the gateway itself, each replica on its own breaker.)
 */
export const SHARED_PARTNERS = [NATIONAL_PORTAL, 'one-stop', POPULATION_DATABASE] as const;
export const OVERRIDES = ['open', 'closed', 'none'] as const;
export type OverrideChoice = (typeof OVERRIDES)[number];

/** A maintenance window may be declared up to a year ahead and last at most a week. */
export const MAX_WINDOW_MS = 7 * 24 * 3_600_000;
export const MAX_WINDOW_LEAD_MS = 366 * 24 * 3_600_000;

export class PartnerParam {
  @ApiProperty({ enum: SHARED_PARTNERS, example: NATIONAL_PORTAL })
  @IsIn(SHARED_PARTNERS, { message: `name must be one of ${SHARED_PARTNERS.join(', ')}` })
  name!: string;
}

export class WindowParam extends PartnerParam {
  @ApiProperty({ description: 'The window id, as declared', example: '12' })
  @Matches(/^[1-9][0-9]{0,17}$/, { message: 'id must be a maintenance window id (digits)' })
  id!: string;
}

export class OverrideRequest {
  @ApiProperty({
    enum: OVERRIDES,
    description:
      '`open`: park the partner’s traffic whatever its health; `closed`: send it whatever its failures; ' +
      '`none`: lift the override, the breakers decide again',
  })
  @IsIn(OVERRIDES, { message: `state must be one of ${OVERRIDES.join(', ')}` })
  state!: OverrideChoice;

  @ApiProperty({ description: 'Why, for the audit record and the other operators', example: 'portal hotfix' })
  @IsString()
  @Length(3, 500)
  @IsPlainText()
  reason!: string;
}

export class MaintenanceWindowRequest {
  @ApiProperty({ description: 'When the partner stops answering (ISO 8601 with an offset)' })
  @IsOffsetDateTime()
  startsAt!: string;

  @ApiProperty({ description: 'When it is back; traffic drains from then at the partner’s rate' })
  @IsOffsetDateTime()
  endsAt!: string;

  @ApiProperty({ description: 'The partner’s announcement, for the audit record', example: 'DVCQG upgrade' })
  @IsString()
  @Length(3, 500)
  @IsPlainText()
  reason!: string;
}
