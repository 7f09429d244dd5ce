import { Module } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ClientRateLimiter } from './client-rate-limiter';

/**
 * The per-client rate limiter, over @nestjs/throttler's in-memory storage (one per process; it stops its sweep
 * timer on shutdown). Provide another ThrottlerStorage to share counts between processes.
 */
@Module({
  providers: [{ provide: ThrottlerStorage, useClass: ThrottlerStorageService }, ClientRateLimiter],
  exports: [ClientRateLimiter],
})
export class LimitsModule {}
