import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsOffsetDateTime, IsPlainText } from '@lgsp/contracts';
import { NATIONAL_PORTAL } from '@lgsp/adapters/national-portal';
import { ONE_STOP } from '@lgsp/adapters/one-stop';

/** The connectors whose dead letters a bulk replay sends again toward their partner. */
export const REPLAY_CONNECTORS = [NATIONAL_PORTAL, ONE_STOP] as const;
export const REPLAY_STATE_CHANGES = ['pause', 'resume', 'cancel'] as const;
export type ReplayStateChange = (typeof REPLAY_STATE_CHANGES)[number];

export class BulkReplayRequest {
  @ApiProperty({ enum: REPLAY_CONNECTORS, description: 'The connector whose open dead letters are replayed' })
  @IsIn(REPLAY_CONNECTORS, { message: `connector must be one of ${REPLAY_CONNECTORS.join(', ')}` })
  connector!: string;

  @ApiPropertyOptional({
    description: 'A reason code, or text the reason contains',
    example: 'PARTNER_REJECTED',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @IsPlainText()
  reason?: string;

  @ApiPropertyOptional({ description: 'Letters dead-lettered from this time on (ISO 8601 with an offset)' })
  @IsOptional()
  @IsOffsetDateTime()
  from?: string;

  @ApiPropertyOptional({ description: 'Letters dead-lettered before this time (ISO 8601 with an offset)' })
  @IsOptional()
  @IsOffsetDateTime()
  to?: string;

  @ApiPropertyOptional({
    description:
      'Share of the partner’s rate limit, at most the configured DEAD_LETTER_REPLAY_SHARE (its default)',
    minimum: 0.01,
    maximum: 1,
  })
  @IsOptional()
  @IsNumber({}, { message: 'share must be a number' })
  @Min(0.01)
  @Max(1)
  share?: number;
}

export class BulkReplayParam {
  @ApiProperty({ description: 'The bulk replay id', example: '3' })
  @Matches(/^[1-9][0-9]{0,17}$/, { message: 'id must be a bulk replay id (digits)' })
  id!: string;
}

export class BulkReplayStateRequest {
  @ApiProperty({ enum: REPLAY_STATE_CHANGES })
  @IsIn(REPLAY_STATE_CHANGES, { message: `action must be one of ${REPLAY_STATE_CHANGES.join(', ')}` })
  action!: ReplayStateChange;
}
