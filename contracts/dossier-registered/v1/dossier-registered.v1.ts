import { IsEnum } from 'class-validator';
import { DossierSnapshotV1 } from '@lgsp/contracts/common/dossier-snapshot.v1';
import { contractVersion } from '@lgsp/contracts/registry/contract-definition';

/** How the applicant handed the dossier in. */
export enum SubmissionChannel {
  AtCounter = 'at-counter',
  Online = 'online',
  Post = 'post',
}

/** A dossier the one-stop system has just registered, with its documents (as URLs), fees and applicant. */
export class DossierRegisteredV1 extends DossierSnapshotV1 {
  @IsEnum(SubmissionChannel)
  submissionChannel!: SubmissionChannel;
}

export const dossierRegisteredV1 = contractVersion(1, DossierRegisteredV1);
