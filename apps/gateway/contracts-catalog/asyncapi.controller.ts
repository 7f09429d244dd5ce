import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PublicRoute } from '@lgsp/security';
import { AsyncApiDocument } from './asyncapi-document.builder';
import { ContractsCatalogService } from './contracts-catalog.service';

/** The Kafka side of the catalog, at the conventional address of an AsyncAPI document. */
@ApiTags('contracts')
@PublicRoute('the contract catalog is published for partners to integrate against')
@Controller()
export class AsyncApiController {
  constructor(private readonly catalog: ContractsCatalogService) {}

  @Get('asyncapi.json')
  @ApiOperation({ summary: 'AsyncAPI 3.0 document of the Kafka topics and messages' })
  @ApiOkResponse({ description: 'The AsyncAPI document' })
  document(): AsyncApiDocument {
    return this.catalog.asyncApiDocument();
  }
}
