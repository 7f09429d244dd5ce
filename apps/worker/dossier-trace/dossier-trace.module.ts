import { Module } from '@nestjs/common';
import { DossierTraceController } from './dossier-trace.controller';

/** The bus's own connector: it calls no partner, so it has no breaker and no configuration of its own. */
@Module({ controllers: [DossierTraceController] })
export class DossierTraceModule {}
