import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JsonSchema } from '@lgsp/contracts';
import { PublicRoute } from '@lgsp/security';
import { ApiProblemResponse } from '../api-docs/problem-responses';
import { CATALOG_PATH, ContractSummary, ContractsCatalogService } from './contracts-catalog.service';
import { ListContractsQuery } from './list-contracts.query';

/** The contracts partners integrate against, as published JSON Schema. */
@ApiTags('contracts')
@PublicRoute('the contract catalog is published for partners to integrate against')
@Controller(CATALOG_PATH)
export class ContractsCatalogController {
  constructor(private readonly catalog: ContractsCatalogService) {}

  @Get()
  @ApiOperation({ summary: 'Every contract: its versions, status and sunset date' })
  @ApiOkResponse({ description: 'The contracts, each with the address of each version’s JSON Schema' })
  @ApiProblemResponse(400, '`status` names no contract status')
  list(@Query() query: ListContractsQuery): { contracts: ContractSummary[] } {
    return { contracts: this.catalog.list(query.status) };
  }

  @Get(':name/:version')
  @Header('Content-Type', 'application/schema+json')
  @ApiOperation({ summary: 'The JSON Schema of one contract version (`1` or `v1`)' })
  @ApiOkResponse({ description: 'A JSON Schema (draft-07)' })
  @ApiProblemResponse(404, 'No such contract or version')
  schema(@Param('name') name: string, @Param('version') version: string): JsonSchema {
    return this.catalog.schema(name, version);
  }
}
