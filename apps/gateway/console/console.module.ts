import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';

/** The operators' console at /console: a static page over the ops API (see docs/console.md). */
@Module({ controllers: [ConsoleController] })
export class ConsoleModule {}
