import { Module } from '@nestjs/common';
import { AuditModule } from '@lgsp/audit';
import { DeadLetterActions } from './dead-letter-actions.service';
import { DeadLettersController } from './dead-letters.controller';

/** Operators' dead letters: list, inspect (masked), replay and discard, each change audited. */
@Module({
  imports: [AuditModule],
  controllers: [DeadLettersController],
  providers: [DeadLetterActions],
})
export class DeadLettersModule {}
