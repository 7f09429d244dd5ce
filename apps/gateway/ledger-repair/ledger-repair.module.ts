import { Module } from '@nestjs/common';
import { AuditModule } from '@lgsp/audit';
import { IntakePolicyModule } from '../intake-policy/intake-policy.module';
import { LedgerRepairController } from './ledger-repair.controller';
import { LedgerRepairRepository } from './ledger-repair.repository';
import { LedgerRepairService } from './ledger-repair.service';

@Module({
  imports: [IntakePolicyModule, AuditModule],
  controllers: [LedgerRepairController],
  providers: [LedgerRepairRepository, LedgerRepairService],
})
export class LedgerRepairModule {}
