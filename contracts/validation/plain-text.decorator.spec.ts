import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsText } from './field-rules.decorator';
import { NormalizedText } from './normalized-text.decorator';
import { plainTextProblem } from './plain-text.decorator';

class Named {
  @NormalizedText()
  @IsText(50)
  name!: unknown;
}

const problems = (name: unknown): string[] =>
  validateSync(plainToInstance(Named, { name })).flatMap((error) => Object.values(error.constraints ?? {}));

describe('plain text (intake policy)', () => {
  it.each([
    ['NUL', 'Nguyễn\u0000An', 'U+0000 at position 6'],
    ['BEL', '\u0007An', 'U+0007 at position 0'],
    ['DEL', 'An\u007f', 'U+007F at position 2'],
    ['a C1 control', 'An\u0085', 'U+0085 at position 2'],
  ])('refuses %s, naming the code point and where it is', (_what, text, where) => {
    expect(plainTextProblem(text)).toBe(`contains the control character ${where}`);
  });

  it('refuses unpaired surrogates on either side, but not a pair', () => {
    expect(plainTextProblem('An \ud800')).toBe('contains an unpaired UTF-16 surrogate U+D800 at position 3');
    expect(plainTextProblem('\udc00An')).toBe('contains an unpaired UTF-16 surrogate U+DC00 at position 0');
    expect(plainTextProblem('An 😀')).toBeNull();
  });

  it('accepts Vietnamese text, composed or decomposed', () => {
    expect(plainTextProblem('Nguyễn Thị Ánh')).toBeNull();
    expect(plainTextProblem('Nguyễn Thị Ánh'.normalize('NFD'))).toBeNull();
  });

  it('is part of every IsText field, after whitespace (tabs, line breaks) is collapsed', () => {
    expect(problems('Nguyễn\tVăn\nAn')).toEqual([]);
    expect(problems('Nguyễn\u0000An')).toEqual(['name contains the control character U+0000 at position 6']);
  });

  it('never repeats the text itself, which may be a citizen’s name', () => {
    expect(problems('Nguyễn\u0000An').join(' ')).not.toContain('Nguyễn');
  });
});
