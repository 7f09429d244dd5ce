import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { DomainError, DomainErrorCode, IsOffsetDateTime, IsPlainText } from '@lgsp/contracts';
import type { AuditJson } from '@lgsp/audit';
import type { DeadLetterStatus } from '@lgsp/persistence';

/** The most letters one request lists, replays or discards: an operator acts on a page at a time. */
export const MAX_LETTERS_PER_ACTION = 500;
const DEFAULT_LIMIT = 100;
const LETTER_ID = /^[1-9][0-9]{0,17}$/;
const STATUSES: DeadLetterStatus[] = ['open', 'replayed', 'discarded'];

const CONNECTOR =
  'The connector whose consumer group dead-lettered the messages, as listed (`connector` of a letter)';
const REASON = 'A reason code (e.g. `rejected_by_partner`) or words of the reason text, case-insensitive';
const FROM = 'Dead-lettered at or after this instant (ISO 8601 with an offset)';
const TO = 'Dead-lettered before this instant (ISO 8601 with an offset)';

/** The filter fields a list and a filtered replay share. */
class DeadLetterFilter {
  @ApiPropertyOptional({ description: CONNECTOR, maxLength: 200, example: 'lgsp.national-portal' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @IsPlainText()
  connector?: string;

  @ApiPropertyOptional({ description: REASON, maxLength: 200, example: 'HTTP 500' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @IsPlainText()
  reason?: string;

  @ApiPropertyOptional({ description: FROM, example: '2026-11-25T00:00:00+07:00' })
  @IsOptional()
  @IsOffsetDateTime()
  from?: string;

  @ApiPropertyOptional({ description: TO, example: '2026-11-26T00:00:00+07:00' })
  @IsOptional()
  @IsOffsetDateTime()
  to?: string;

  @ApiPropertyOptional({
    description: `At most this many letters, oldest first (default ${DEFAULT_LIMIT})`,
    minimum: 1,
    maximum: MAX_LETTERS_PER_ACTION,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LETTERS_PER_ACTION)
  limit?: number;
}

/** `GET /v1/ops/dead-letters`: which letters to list. */
export class DeadLetterListQuery extends DeadLetterFilter {
  @ApiPropertyOptional({
    description: 'open (waiting for an operator), replayed or discarded',
    enum: STATUSES,
  })
  @IsOptional()
  @IsIn(STATUSES)
  status?: DeadLetterStatus;
}

/** `GET /v1/ops/dead-letters/{id}`. */
export class DeadLetterIdParam {
  @ApiProperty({ description: 'The letter’s id, as listed', example: '42' })
  @Matches(LETTER_ID, { message: 'id must be a dead letter’s id (digits)' })
  id!: string;
}

/**
 * `POST /v1/ops/dead-letters/replay`: the letters named by `ids`, or the open letters the filter finds (up to
 * `limit`, oldest first). One of the two: the service refuses both or neither, naming the field.
 */
export class DeadLetterReplayRequest extends DeadLetterFilter {
  @ApiPropertyOptional({
    description: `The letters to replay (at most ${MAX_LETTERS_PER_ACTION}); instead of a filter`,
    type: [String],
    example: ['42', '43'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LETTERS_PER_ACTION)
  @Matches(LETTER_ID, { each: true, message: 'each id must be a dead letter’s id (digits)' })
  ids?: string[];
}

/** `POST /v1/ops/dead-letters/discard`: letters an operator gives up on, and why. */
export class DeadLetterDiscardRequest {
  @ApiProperty({
    description: `The letters to discard (at most ${MAX_LETTERS_PER_ACTION})`,
    type: [String],
    example: ['44'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LETTERS_PER_ACTION)
  @Matches(LETTER_ID, { each: true, message: 'each id must be a dead letter’s id (digits)' })
  ids!: string[];

  @ApiProperty({
    description: 'Why: kept with each letter and in the audit record',
    minLength: 3,
    maxLength: 500,
  })
  @IsString()
  @Length(3, 500)
  @IsPlainText()
  reason!: string;
}

export function limitOf(requested: number | undefined): number {
  return requested ?? DEFAULT_LIMIT;
}

const FILTER_FIELDS = ['connector', 'reason', 'from', 'to', 'limit'] as const;

export interface ReplayFilter {
  connector?: string;
  reason?: string;
  from?: string;
  to?: string;
  limit?: number;
}

/** `ids`, or a filter: exactly one of the two, the refusal naming the field. */
export function replaySelection(request: DeadLetterReplayRequest): {
  ids?: { ids: string[]; more: false };
  filter: ReplayFilter;
  /** The filter fields given, as the audit record states them. */
  given: { [key: string]: AuditJson };
} {
  const { connector, reason, from, to, limit } = request;
  const filter: ReplayFilter = { connector, reason, from, to, limit };
  const given: { [key: string]: AuditJson } = {};
  for (const field of FILTER_FIELDS) {
    const value = filter[field];
    if (value !== undefined) given[field] = value;
  }
  const fields = Object.keys(given);
  if (request.ids && fields.length > 0)
    throw new DomainError(DomainErrorCode.ValidationFailed, 'A replay names letters or a filter, not both', [
      { field: fields[0], message: 'must not be given with ids: name the letters or filter them, not both' },
    ]);
  if (!request.ids && fields.length === 0)
    throw new DomainError(DomainErrorCode.ValidationFailed, 'A replay needs letters or a filter', [
      { field: 'ids', message: 'give ids, or a filter (connector, reason, from, to, limit)' },
    ]);
  return { ids: request.ids && { ids: [...new Set(request.ids)], more: false }, filter, given };
}
