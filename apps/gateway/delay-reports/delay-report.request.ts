import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsOffsetDateTime } from '@lgsp/contracts';
import { NATIONAL_PORTAL } from '@lgsp/adapters/national-portal';
import { ONE_STOP } from '@lgsp/adapters/one-stop';

/** The partners the bus delivers events to: the ones a delay can be attributed for. */
export const DELIVERY_PARTNERS = [NATIONAL_PORTAL, ONE_STOP] as const;
export const REPORT_FORMATS = ['json', 'csv'] as const;

/** A report covers at most a quarter: longer periods are asked quarter by quarter. */
export const MAX_REPORT_DAYS = 92;

export class DelayReportQuery {
  @ApiProperty({ description: 'Events acknowledged from this time on (ISO 8601 with an offset)' })
  @IsOffsetDateTime()
  from!: string;

  @ApiProperty({ description: 'Events acknowledged before this time (ISO 8601 with an offset)' })
  @IsOffsetDateTime()
  to!: string;

  @ApiPropertyOptional({ enum: DELIVERY_PARTNERS, description: 'One partner; every partner when absent' })
  @IsOptional()
  @IsIn(DELIVERY_PARTNERS, { message: `partner must be one of ${DELIVERY_PARTNERS.join(', ')}` })
  partner?: string;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json', description: '`csv` for a spreadsheet' })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format must be one of ${REPORT_FORMATS.join(', ')}` })
  format?: (typeof REPORT_FORMATS)[number];
}
