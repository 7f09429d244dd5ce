import { ResultDocumentV1 } from '@lgsp/contracts/common/dossier-document.v1';
import { DossierSnapshotV1 } from '@lgsp/contracts/common/dossier-snapshot.v1';
import { contractVersion } from '@lgsp/contracts/registry/contract-definition';
import { IsOffsetDateTime } from '@lgsp/contracts/validation/date-formats.decorator';
import { Optional } from '@lgsp/contracts/validation/field-rules.decorator';
import { IsNestedArray } from '@lgsp/contracts/validation/nested.decorator';

/**
 * The whole dossier again after a change (documents added or withdrawn, fees, appointment), replacing what
 * partners hold; once the result is handed over it also carries the result documents.
 */
export class DossierUpdatedV1 extends DossierSnapshotV1 {
  @Optional()
  @IsOffsetDateTime()
  returnedAt?: string;

  @Optional()
  @IsNestedArray(() => ResultDocumentV1, 100)
  resultDocuments?: ResultDocumentV1[];
}

export const dossierUpdatedV1 = contractVersion(1, DossierUpdatedV1);
