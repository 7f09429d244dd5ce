import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { IsOffsetDateTime } from '@lgsp/contracts/validation/date-formats.decorator';

/** An operator's repair of a dossier whose ledger holds a time ahead (an event from a clock running fast). */
export class LedgerRepairRequest {
  @ApiProperty({ description: 'Why: quoted in the audit record', minLength: 3, maxLength: 500 })
  @IsString()
  @Length(3, 500)
  reason!: string;

  @ApiPropertyOptional({
    description:
      'The corrected time of the last event applied. Default: when the bus received that event, which it cannot ' +
      'have happened after.',
    example: '2026-01-15T10:00:00+07:00',
  })
  @IsOptional()
  @IsOffsetDateTime()
  occurredAt?: string;
}

/** A type, not an interface: it is stored as the audit record's JSON details. */
export type LedgerTimes = {
  ledgerOccurredAt: string;
  /** What each destination was last delivered, by the time of that event. */
  deliveries: { destination: string; lastOccurredAt: string }[];
};

export interface LedgerRepairAudit {
  id: string;
  dossierCode: string;
  operator: string;
  reason: string;
  repairedAt: string;
  before: LedgerTimes;
  after: LedgerTimes;
}
