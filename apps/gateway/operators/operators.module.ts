import { Module } from '@nestjs/common';
import { AuditModule } from '@lgsp/audit';
import { OperatorActions } from './operator-actions';

/** Operators' audited changes, shared by the routes that make them. */
@Module({
  imports: [AuditModule],
  providers: [OperatorActions],
  exports: [OperatorActions],
})
export class OperatorsModule {}
