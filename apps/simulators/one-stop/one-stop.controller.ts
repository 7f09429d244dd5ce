import { timingSafeEqual } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  UnauthorizedException,
} from '@nestjs/common';
import { INBOX_KINDS, InboxKind, OneStopInboxStore } from './one-stop-inbox.store';
import { ONE_STOP_OPTIONS, OneStopSimulatorOptions } from './one-stop-simulator.options';

/**
 * What the bus calls on the provincial one-stop system: dossiers filed on the national portal, payment results
 * and delivery failures. Each is a JSON object; an array delivers a batch.
 */
@Controller('api/v1')
export class OneStopController {
  constructor(
    private readonly inbox: OneStopInboxStore,
    @Inject(ONE_STOP_OPTIONS) private readonly options: OneStopSimulatorOptions,
  ) {}

  @Post(':kind')
  @HttpCode(202)
  receive(
    @Param('kind') kind: string,
    @Body() body: unknown,
    @Headers('x-api-key') apiKey: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): { accepted: { id: string; duplicate: boolean }[] } {
    if (!INBOX_KINDS.includes(kind as InboxKind)) throw new BadRequestException(`unknown endpoint ${kind}`);
    if (this.options.apiKey !== undefined && !sameKey(apiKey, this.options.apiKey)) {
      throw new UnauthorizedException('x-api-key missing or wrong');
    }
    const items = Array.isArray(body) ? (body as unknown[]) : [body];
    const objects = items.filter(
      (item): item is Record<string, unknown> =>
        typeof item === 'object' && item !== null && !Array.isArray(item),
    );
    if (objects.length === 0 || objects.length !== items.length) {
      throw new BadRequestException('body must be a JSON object or a non-empty list of objects');
    }
    const accepted = objects.map((item, index) =>
      this.inbox.add(
        kind as InboxKind,
        item,
        idempotencyKey === undefined
          ? undefined
          : objects.length > 1
            ? `${idempotencyKey}#${index}`
            : idempotencyKey,
      ),
    );
    return { accepted: accepted.map((item) => ({ id: item.id, duplicate: item.duplicate })) };
  }
}

/** Constant time, so the key cannot be found a character at a time from response times. */
function sameKey(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const [actual, wanted] = [Buffer.from(presented), Buffer.from(expected)];
  return actual.length === wanted.length && timingSafeEqual(actual, wanted);
}
