import { validateSync } from 'class-validator';
import { IsCitizenId, IsPersonalId, personalIdProblem } from './is-personal-id.decorator';

class Holder {
  @IsPersonalId()
  personalId!: unknown;
}

const now = new Date('2025-06-01T00:00:00Z');

describe('personal ID shape', () => {
  it.each([
    ['001203012345', 'Hà Nội, 2000s, 2003'],
    ['096085000001', 'province 096, 1900s male, 1985'],
    ['079125999999', '2000s female, 2025'],
    ['001099000000', '1900s, 1999'],
  ])('accepts %s (%s)', (id) => {
    expect(personalIdProblem(id, now)).toBeNull();
  });

  it.each([
    ['00120301234', 'must be exactly 12 digits'],
    ['0012030123456', 'must be exactly 12 digits'],
    ['00120301234a', 'must be exactly 12 digits'],
    ['000203012345', 'has a province code outside 001–096'],
    ['097203012345', 'has a province code outside 001–096'],
    ['001226012345', 'encodes a birth year in the future'],
    ['001400012345', 'encodes a birth year in the future'],
  ])('refuses %s: %s', (id, problem) => {
    expect(personalIdProblem(id, now)).toBe(problem);
  });

  it('refuses what is not a string', () => {
    expect(personalIdProblem(1203012345, now)).toBe('must be exactly 12 digits');
  });

  it('explains the expected shape and the exact problem in the validation message', () => {
    const holder = Object.assign(new Holder(), { personalId: '097203012345' });
    const [error] = validateSync(holder);
    expect(error.constraints?.isPersonalId).toBe(
      'personalId is not a 12-digit personal ID (3 digits province 001–096, 1 digit sex and century, ' +
        '2 digits birth year, 6 digits): it has a province code outside 001–096',
    );
    expect(validateSync(Object.assign(new Holder(), { personalId: '001203012345' }))).toEqual([]);
  });

  it('never tells the province, sex or birth year an ID encodes: the message reaches logs and dead letters', () => {
    for (const id of ['097203012345', '001427012345', '0014270123']) {
      const [error] = validateSync(Object.assign(new Holder(), { personalId: id }));
      const message = error.constraints?.isPersonalId ?? '';
      expect(message).not.toMatch(/\b(097|2127|27)\b/u);
      expect(message).not.toContain('sex/century digit');
    }
  });
});

class LookUp {
  @IsCitizenId()
  personalId!: unknown;
}

describe('citizen ID for a look-up: a personal ID or a legacy identity card number', () => {
  const problems = (value: unknown) => validateSync(Object.assign(new LookUp(), { personalId: value }));

  it('accepts a 12-digit personal ID and a 9-digit identity card number', () => {
    expect(problems('001203012345')).toEqual([]);
    expect(problems('123456789')).toEqual([]);
  });

  it('refuses other lengths and a malformed 12-digit ID', () => {
    for (const value of ['12345678', '1234567890', '000203012345', 12345678901]) {
      expect(problems(value)).toHaveLength(1);
    }
  });
});
