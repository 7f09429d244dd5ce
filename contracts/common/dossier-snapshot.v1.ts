import { IsEnum } from 'class-validator';
import { IsOffsetDateTime } from '../validation/date-formats.decorator';
import { IsCode, IsText, Optional } from '../validation/field-rules.decorator';
import { NormalizedText } from '../validation/normalized-text.decorator';
import { ApplicantV1 } from './applicant.v1';
import { DossierDocumentV1 } from './dossier-document.v1';
import { DossierStatus } from './dossier-status';
import { FeeV1 } from './fee.v1';
import { IsNestedArray, IsNestedObject } from '../validation/nested.decorator';
import { IsWithinRecordSize } from '../validation/record-size.decorator';

/**
 * What the one-stop system knows about a dossier at one moment; the base of the registered and updated
 * messages. Never published on its own: each message that extends it is frozen with these fields inlined, so a
 * change here shows up as a change to every published version that uses it.
 */
export abstract class DossierSnapshotV1 {
  @IsCode()
  dossierCode!: string;

  @IsCode()
  procedureCode!: string;

  @NormalizedText()
  @IsText(500)
  procedureName!: string;

  @IsCode()
  fieldCode!: string;

  @Optional()
  @NormalizedText()
  @IsText(300)
  fieldName?: string;

  /** The agency processing the dossier. */
  @IsCode()
  agencyCode!: string;

  @Optional()
  @IsCode()
  receiptNumber?: string;

  @IsNestedObject(() => ApplicantV1)
  applicant!: ApplicantV1;

  /** What the dossier asks for, in the applicant's words. */
  @Optional()
  @NormalizedText()
  @IsText(2000)
  summary?: string;

  @IsEnum(DossierStatus)
  status!: DossierStatus;

  /** Absent while a dossier filed online waits to be received at the counter. */
  @Optional()
  @IsOffsetDateTime()
  receivedAt?: string;

  /** When the result is promised to the applicant. */
  @Optional()
  @IsOffsetDateTime()
  appointmentAt?: string;

  /** Documents are the bulk of a record: intake policy refuses a record too large to deliver, naming them. */
  @IsNestedArray(() => DossierDocumentV1, 500)
  @IsWithinRecordSize()
  documents!: DossierDocumentV1[];

  @IsNestedArray(() => FeeV1, 100)
  fees!: FeeV1[];

  /** When this state was recorded by the system that owns the dossier. */
  @IsOffsetDateTime()
  occurredAt!: string;
}
