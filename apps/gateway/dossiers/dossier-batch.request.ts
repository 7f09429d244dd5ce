import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject } from 'class-validator';

export const MAX_BATCH_ITEMS = 500;

/**
 * A batch of dossier calls. Items are validated one by one (not here), so one bad item is reported in its own
 * result instead of refusing the other 499.
 */
export class DossierBatchRequest {
  @ApiProperty({
    description:
      'Each item is either { "dossier": <dossier registered v1> } or { "statusChange": <dossier status changed v2> }',
    type: 'array',
    items: { type: 'object' },
    maxItems: MAX_BATCH_ITEMS,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_ITEMS)
  @IsObject({ each: true })
  items!: Record<string, unknown>[];
}

export interface BatchItemResult {
  index: number;
  status: number;
  dossierCode?: string;
  eventId?: string;
  eventType?: string;
  outcome?: string;
  code?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}
