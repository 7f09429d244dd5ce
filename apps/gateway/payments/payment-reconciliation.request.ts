import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** `POST /v1/ops/payments/reconciliation`: which pending orders to ask the gateways about. */
export class ReconciliationRequest {
  @ApiPropertyOptional({
    description:
      'Orders pending at least this long (default: PAYMENT_RECONCILE_AFTER_MS); 0 asks about every one',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(30 * 24 * 3600)
  olderThanSeconds?: number;
}

/** `GET /v1/ops/payments/report?day=`: one day of orders compared with the gateways. */
export class ReconciliationReportQuery {
  @ApiProperty({ description: "The province's day (UTC+7), YYYY-MM-DD", example: '2026-11-25' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'day must be YYYY-MM-DD' })
  day!: string;
}
