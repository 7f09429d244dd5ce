import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsIP, IsOptional, IsUrl, Max, Min } from 'class-validator';
import { MAX_AMOUNT_VND } from '@lgsp/contracts/common/fee.v1';
import { IsCode, IsText } from '@lgsp/contracts/validation/field-rules.decorator';
import { IsNestedArray } from '@lgsp/contracts/validation/nested.decorator';
import { NormalizedText } from '@lgsp/contracts/validation/normalized-text.decorator';
import { PAYMENT_GATEWAYS, PaymentGatewayName } from '@lgsp/adapters/payment-gateway/payment-gateway.port';

/** One fee of the dossier the order pays, as the dossier lists it. */
export class PaymentFeeItem {
  @ApiProperty({ description: "The fee's code in the dossier's fee list", example: 'LP-1.001193' })
  @IsCode()
  code!: string;

  @ApiProperty({ description: 'Whole VND', example: 50000 })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_VND)
  amount!: number;
}

/** `POST /v1/payments`: the citizen pays a dossier's fees online through one gateway. */
export class PaymentOrderRequest {
  @ApiProperty({ example: 'H56.22-260101-0001' })
  @IsCode()
  dossierCode!: string;

  @ApiProperty({ type: [PaymentFeeItem], description: 'The fees paid; a fee set is the dossier plus these' })
  @IsNestedArray(() => PaymentFeeItem, 100)
  fees!: PaymentFeeItem[];

  @ApiProperty({ description: 'Whole VND; must equal the sum of the fees', example: 50000 })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_VND)
  amount!: number;

  @ApiProperty({
    enum: PAYMENT_GATEWAYS,
    description: "paygov: the national portal's payment platform; bank: the bank gateway",
  })
  @IsIn(PAYMENT_GATEWAYS)
  gateway!: PaymentGatewayName;

  @ApiProperty({
    description: "Where the citizen's browser returns after paying (display only: the callback is the truth)",
    example: 'https://motcua.example.gov.vn/payments/return',
  })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  returnUrl!: string;

  @ApiPropertyOptional({ description: 'Shown to the citizen by the gateway', maxLength: 255 })
  @IsOptional()
  @NormalizedText()
  @IsText(255)
  description?: string;

  @ApiPropertyOptional({
    description: "The citizen's IP address, which the gateways ask for; default: the caller's",
  })
  @IsOptional()
  @IsIP()
  citizenIpAddress?: string;
}
