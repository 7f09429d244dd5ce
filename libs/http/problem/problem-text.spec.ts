import { problemFields, problemText } from './problem-text';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvbmUtc3RvcCJ9.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtMTIzNDU2Nzg5MA';

describe('problem text', () => {
  it.each([
    `Unexpected token 'N', ..."fullName":Nguyễn Văn"... is not valid JSON`,
    `Unexpected token 'N', "Nguyễn Văn"... is not valid JSON`,
    `Unexpected token ']', "["Nguyễn Văn An", tru]" is not valid JSON`,
  ])('drops the body excerpt JSON.parse quotes: %s', (message) => {
    const text = problemText(`The body is not acceptable JSON: ${message}`);
    expect(text).not.toContain('Nguyễn');
    expect(text).toMatch(
      /^The body is not acceptable JSON: Unexpected token '.': the body is not valid JSON/u,
    );
  });

  it('masks ID numbers and tokens in details and field messages, keeping the rest', () => {
    expect(problemText(`citizen 001203012345 refused the token ${JWT}`)).toBe(
      'citizen *********345 refused the token [redacted-jwt]',
    );
    expect(
      problemFields([{ field: 'applicant.personalId', message: '001203012345 is not a personal ID' }]),
    ).toEqual([{ field: 'applicant.personalId', message: '*********345 is not a personal ID' }]);
    expect(problemText('Expected double-quoted property name in JSON at position 28')).toBe(
      'Expected double-quoted property name in JSON at position 28',
    );
  });
});
