import { Module } from '@nestjs/common';
import { AuditLog } from './audit-log.service';

/** The audit record's writer; needs PersistenceModule's DatabaseService (global). */
@Module({
  providers: [AuditLog],
  exports: [AuditLog],
})
export class AuditModule {}
