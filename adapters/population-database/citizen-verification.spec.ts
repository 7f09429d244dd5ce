import type { CitizenVerificationRequestedV2 } from '@lgsp/contracts/citizen-verification-requested/v2/citizen-verification-requested.v2';
import {
  AskPopulation,
  citizenQuery,
  disclosedCitizen,
  toPartnerBirth,
  verifyCitizen,
} from './citizen-verification';
import type { PartnerCitizen } from './client/population-soap.codec';

const record: PartnerCitizen = {
  personalId: '062301123456',
  name: { Ho: 'Nguyễn', ChuDem: 'Thị Hồng', Ten: 'Nhung' },
  birth: { kind: 'date', value: '20010304' },
  sex: '2',
  nationality: 'VN',
  ethnicity: 'Kinh',
  birthProvince: { code: '056', name: 'Khánh Hòa' },
};

const request = (
  overrides: Partial<CitizenVerificationRequestedV2> = {},
): CitizenVerificationRequestedV2 => ({
  requestId: '5b0c3f7e-3c55-4b8e-9d1c-8d6f5f0e2a11',
  personalId: '062301123456',
  fullName: 'Nguyễn Thị Hồng Nhung',
  birthDate: '2001-03-04',
  purpose: {
    serviceCode: '1.001193',
    dossierCode: 'H56.1-250101-0001',
    agencyCode: 'H56',
    officerCode: 'canbo01',
  },
  disclose: [],
  occurredAt: '2026-01-01T00:00:00+07:00',
  ...overrides,
});

/** The partner's rule: an answer only when ID, name and birth (date or year) all agree with its record. */
const partner = (known: PartnerCitizen | undefined) => {
  const calls: string[] = [];
  const ask: AskPopulation = (operation, birth) => {
    calls.push(`${operation}:${birth.value}`);
    const agrees =
      known !== undefined &&
      (birth.kind === 'year'
        ? known.birth?.value.startsWith(birth.value)
        : known.birth?.value === birth.value);
    return Promise.resolve({
      exists: !!agrees,
      citizen: agrees && operation === 'TraCuuThongTinCongDan' ? known : undefined,
    });
  };
  return { ask, calls };
};

describe('citizen verification against the population database', () => {
  it('matches in one look-up and discloses nothing unless asked', async () => {
    const { ask, calls } = partner(record);
    await expect(verifyCitizen(request(), ask)).resolves.toEqual({
      verdict: 'match',
      differingFields: [],
      citizen: {},
    });
    expect(calls).toEqual(['TraCuuThongTinCongDan:20010304']);
  });

  it('names the birth date when only the day or month differs (second call by year)', async () => {
    const { ask, calls } = partner(record);
    await expect(verifyCitizen(request({ birthDate: '2001-04-03' }), ask)).resolves.toEqual({
      verdict: 'no-match',
      differingFields: ['birthDate'],
    });
    expect(calls).toEqual(['TraCuuThongTinCongDan:20010403', 'XacThucThongTinCongDan:2001']);
  });

  it('is not-found when nothing agrees, without a second call for a year-only birth date', async () => {
    const { ask, calls } = partner(undefined);
    await expect(verifyCitizen(request({ birthDate: '2001' }), ask)).resolves.toEqual({
      verdict: 'not-found',
      differingFields: [],
    });
    expect(calls).toEqual(['TraCuuThongTinCongDan:2001']);
  });

  it('does not take a record on trust: a record that differs is a no-match naming the field', async () => {
    const ask: AskPopulation = () =>
      Promise.resolve({ exists: true, citizen: { ...record, name: { ...record.name, Ten: 'Lan' } } });
    await expect(verifyCitizen(request(), ask)).resolves.toEqual({
      verdict: 'no-match',
      differingFields: ['fullName'],
    });
  });

  it('compares names after NFC, case folding and space collapsing', async () => {
    const { ask } = partner(record);
    const nfd = '  nguyễn   THỊ hồng nhung '.normalize('NFD');
    await expect(verifyCitizen(request({ fullName: nfd }), ask)).resolves.toMatchObject({ verdict: 'match' });
  });

  it('discloses exactly the asked fields, in the bus’s words', () => {
    expect(disclosedCitizen(record, ['fullName', 'sex'])).toEqual({
      fullName: 'Nguyễn Thị Hồng Nhung',
      sex: 'female',
    });
    expect(
      disclosedCitizen(record, ['birthDate', 'nationality', 'ethnicity', 'birthRegistrationProvince']),
    ).toEqual({
      birthDate: '2001-03-04',
      nationality: 'VN',
      ethnicity: 'Kinh',
      birthRegistrationProvince: 'Khánh Hòa',
    });
  });

  it('asks in the partner’s terms: upper-case name, yyyyMMdd or yyyy', () => {
    expect(toPartnerBirth('2001-03-04')).toEqual({ kind: 'date', value: '20010304' });
    expect(toPartnerBirth('2001')).toEqual({ kind: 'year', value: '2001' });
    expect(
      citizenQuery(request({ fullName: 'nguyễn  thị hồng nhung' }), 'H56', toPartnerBirth('2001')),
    ).toMatchObject({
      serviceCode: '1.001193',
      integrationCode: 'H56',
      officerCode: 'canbo01',
      fullName: 'NGUYỄN THỊ HỒNG NHUNG',
    });
  });
});
