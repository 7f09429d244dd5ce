import { Injectable } from '@nestjs/common';

/**
 * The bus's clock, as one injectable class: intake policy judges callers' times against it, and tests replace
 * it to stand anywhere in time without waiting.
 */
@Injectable()
export class BusClock {
  now(): Date {
    return new Date();
  }
}
