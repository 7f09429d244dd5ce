import { ApiProperty } from '@nestjs/swagger';

/** The 202 body as OpenAPI shows it; the service's IntakeReceipt is the type the code returns. */
export class IntakeReceiptDocument {
  @ApiProperty({ example: 'H56.22-250601-000123' })
  dossierCode!: string;

  @ApiProperty({ format: 'uuid' })
  eventId!: string;

  @ApiProperty({ enum: ['dossier.registered', 'dossier.updated', 'dossier.status-changed'] })
  eventType!: string;

  @ApiProperty({
    enum: ['accepted', 'stale'],
    description:
      '`accepted`: the event moved the dossier and will be delivered. `stale`: it is older than the last event ' +
      'applied to the dossier and does not change its status (ledger or portal record); a status change’s ' +
      'processing step is still recorded at the portal, an update is not forwarded (it is in the trace and ' +
      'counted for the client). Nothing to do unless the time was wrong: getting `stale` for an event known to ' +
      'be the newest means the client sends out of order or an earlier event carried a time ahead, which an ' +
      'operator repairs (ledger repair); see docs/intake-policy.md.',
  })
  outcome!: 'accepted' | 'stale';

  @ApiProperty()
  correlationId!: string;
}
