import { validateSync } from 'class-validator';
import { IsWithinRecordSize } from './record-size.decorator';

class Record {
  @IsWithinRecordSize(100)
  items!: string[];

  title = 'Hồ sơ';
}

const problems = (items: string[]): string[] =>
  validateSync(Object.assign(new Record(), { items })).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}`),
  );

describe('record size (intake policy)', () => {
  it('measures the whole record as UTF-8 JSON, not only the property it is on', () => {
    // {"items":["…"],"title":"Hồ sơ"} is 33 bytes plus the item ("ồ" and "ơ" take 3 and 2).
    expect(problems(['x'.repeat(67)])).toEqual([]);
    expect(problems(['x'.repeat(68)])).toEqual([
      'items: items makes the record 101 bytes as JSON, above the intake limit of 100 bytes: send fewer items, or shorter names and links',
    ]);
    expect(problems(['đ'.repeat(34)])).toHaveLength(1);
  });
});
