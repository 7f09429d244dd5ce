import { IsEnum, IsInt, Max, Min } from 'class-validator';
import { IsCode, IsText } from '../validation/field-rules.decorator';
import { NormalizedText } from '../validation/normalized-text.decorator';

/** A fee (phí) pays for a service; a charge (lệ phí) is the State's administrative levy. */
export enum FeeKind {
  Fee = 'fee',
  Charge = 'charge',
}

export enum CollectionMethod {
  AtCounter = 'at-counter',
  Online = 'online',
  BankTransfer = 'bank-transfer',
  Post = 'post',
}

/** Amounts are whole VND; no fee is above 100 billion VND, so the limit only catches unit mistakes. */
export const MAX_AMOUNT_VND = 100_000_000_000;

export class FeeV1 {
  @IsCode()
  code!: string;

  @NormalizedText()
  @IsText(300)
  name!: string;

  /** Whole VND. */
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_VND)
  amount!: number;

  @IsEnum(CollectionMethod)
  collectionMethod!: CollectionMethod;

  @IsEnum(FeeKind)
  kind!: FeeKind;
}
