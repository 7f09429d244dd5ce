import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ContractStatus, Optional } from '@lgsp/contracts';

const STATUSES: ContractStatus[] = ['active', 'deprecated'];

/** Query of GET /v1/contracts. */
export class ListContractsQuery {
  @ApiPropertyOptional({ enum: STATUSES, description: 'Only contracts with this status' })
  @Optional()
  @IsIn(STATUSES)
  status?: ContractStatus;
}
