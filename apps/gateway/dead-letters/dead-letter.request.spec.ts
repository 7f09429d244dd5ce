import { DomainError } from '@lgsp/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DeadLetterReplayRequest, replaySelection } from './dead-letter.request';

const replay = (body: object): DeadLetterReplayRequest => plainToInstance(DeadLetterReplayRequest, body);

function refusedField(body: object): string | undefined {
  try {
    replaySelection(replay(body));
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.fields[0]?.field;
  }
}

describe('a replay request: ids or a filter', () => {
  it('takes ids alone, without repeats', () => {
    expect(replaySelection(replay({ ids: ['7', '7', '8'] }))).toMatchObject({
      ids: { ids: ['7', '8'], more: false },
      given: {},
    });
  });

  it('takes a filter alone, stating only the fields given', () => {
    const selection = replaySelection(replay({ connector: 'lgsp.national-portal', limit: 5 }));
    expect(selection.ids).toBeUndefined();
    expect(selection.given).toEqual({ connector: 'lgsp.national-portal', limit: 5 });
  });

  it('refuses both, naming the filter field, and neither, naming ids', () => {
    expect(refusedField({ ids: ['7'], reason: 'HTTP 500' })).toBe('reason');
    expect(refusedField({})).toBe('ids');
  });

  it('refuses ids that are not letter ids and more letters than one action takes', () => {
    const problems = (body: object): string[] => validateSync(replay(body)).map((error) => error.property);
    expect(problems({ ids: ['0', 'x'] })).toEqual(['ids']);
    expect(problems({ ids: Array.from({ length: 501 }, (_, index) => String(index + 1)) })).toEqual(['ids']);
    expect(problems({ ids: [] })).toEqual(['ids']);
    expect(problems({ ids: ['1'] })).toEqual([]);
  });
});
