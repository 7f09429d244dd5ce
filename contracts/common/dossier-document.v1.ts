import { IsBoolean, IsUrl } from 'class-validator';
import { IsDocumentUrl } from '../validation/document-url.decorator';
import { IsCode, IsText, Optional } from '../validation/field-rules.decorator';
import { NormalizedText } from '../validation/normalized-text.decorator';

/** Files travel as download URLs, never as bytes: a dossier message stays small whatever it attaches. */
export const DOWNLOAD_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** A document submitted with a dossier. */
export class DossierDocumentV1 {
  @IsCode(128)
  documentId!: string;

  @NormalizedText()
  @IsText(300)
  name!: string;

  /** The procedure's component this document fulfils, when the procedure lists components. */
  @Optional()
  @IsCode()
  componentCode?: string;

  /** Intake policy adds: https, to a configured document host (DOCUMENT_HOSTS), without credentials. */
  @IsUrl(DOWNLOAD_URL)
  @IsDocumentUrl()
  url!: string;

  /** True when the applicant withdrew this document in an update; kept so partners can remove their copy. */
  @IsBoolean()
  deleted!: boolean;
}

/** A document produced by processing (a licence, a certificate, a decision). */
export class ResultDocumentV1 {
  @IsCode(128)
  documentId!: string;

  @NormalizedText()
  @IsText(300)
  name!: string;

  @Optional()
  @IsCode()
  componentCode?: string;

  /** Intake policy adds: https, to a configured document host (DOCUMENT_HOSTS), without credentials. */
  @IsUrl(DOWNLOAD_URL)
  @IsDocumentUrl()
  url!: string;
}
