import { Module } from '@nestjs/common';
import { AsyncApiController } from './asyncapi.controller';
import { ContractsCatalogController } from './contracts-catalog.controller';
import { ContractsCatalogService } from './contracts-catalog.service';

@Module({
  controllers: [ContractsCatalogController, AsyncApiController],
  providers: [ContractsCatalogService],
  exports: [ContractsCatalogService],
})
export class ContractsCatalogModule {}
