import { Module } from '@nestjs/common';
import { RetentionJob } from './retention.job';

/** The scheduled deletion of expired rows; imported by the process that runs it (the worker). */
@Module({ providers: [RetentionJob], exports: [RetentionJob] })
export class RetentionModule {}
