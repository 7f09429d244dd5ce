import { IsInt, IsOptional } from 'class-validator';
import { DomainError } from '@lgsp/contracts';
import { createValidationPipe } from './validation.pipe';

class EverythingOptional {
  @IsOptional()
  @IsInt()
  olderThanSeconds?: number;
}

const asBody = { type: 'body' as const, metatype: EverythingOptional };

async function fieldsOf(body: unknown): Promise<string[]> {
  try {
    await createValidationPipe().transform(body, asBody);
    return [];
  } catch (error: unknown) {
    return error instanceof DomainError
      ? error.fields.map((problem) => problem.field)
      : ['not a DomainError'];
  }
}

describe('createValidationPipe', () => {
  it('refuses a body that is not a JSON object, even when every field is optional', async () => {
    expect(await fieldsOf(null)).toEqual(['(body)']);
    expect(await fieldsOf('just a string')).toEqual(['(body)']);
    expect(await fieldsOf([])).toEqual(['(body)']);
  });

  it('refuses a key every object inherits, naming it', async () => {
    expect(await fieldsOf(JSON.parse('{"constructor":"x"}'))).toEqual(['constructor']);
  });

  it('accepts an empty object and a valid one', async () => {
    expect(await fieldsOf({})).toEqual([]);
    expect(await fieldsOf({ olderThanSeconds: 5 })).toEqual([]);
  });
});
