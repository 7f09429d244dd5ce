import type {
  DisclosedCitizenV2,
  VerificationVerdict,
} from '@lgsp/contracts/citizen-verification-completed/v2/citizen-verification-completed.v2';
import type { CitizenVerificationRequestedV2 } from '@lgsp/contracts/citizen-verification-requested/v2/citizen-verification-requested.v2';
import type { CitizenField, ComparedField } from '@lgsp/contracts/common/citizen-fields';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { citizenNamesMatch, upperCaseCitizenName } from './citizen-name';
import type {
  CitizenQuery,
  PartnerBirth,
  PartnerCitizen,
  PopulationOperation,
  PopulationReply,
} from './client/population-soap.codec';

/** One call to the population database, with the birth date to send (the rest is the request's). */
export type AskPopulation = (operation: PopulationOperation, birth: PartnerBirth) => Promise<PopulationReply>;

export interface VerificationOutcome {
  verdict: Exclude<VerificationVerdict, 'unavailable'>;
  differingFields: ComparedField[];
  citizen?: DisclosedCitizenV2;
}

/** `YYYY-MM-DD` or `YYYY` (the contract's) as the population database writes it. */
export function toPartnerBirth(birthDate: string): PartnerBirth {
  return /^\d{4}$/.test(birthDate)
    ? { kind: 'year', value: birthDate }
    : { kind: 'date', value: birthDate.replaceAll('-', '') };
}

/** The request in the partner's terms: accountable officer and purpose first, then the citizen's details. */
export function citizenQuery(
  request: CitizenVerificationRequestedV2,
  integrationCode: string,
  birth: PartnerBirth,
): CitizenQuery {
  return {
    requestId: request.requestId,
    serviceCode: request.purpose.serviceCode,
    integrationCode,
    officerCode: request.purpose.officerCode,
    personalId: request.personalId,
    fullName: upperCaseCitizenName(request.fullName),
    birth,
  };
}

export function fullNameOf(citizen: PartnerCitizen): string {
  const { Ho, ChuDem, Ten } = citizen.name;
  return [Ho, ChuDem, Ten].filter((part) => part.trim() !== '').join(' ');
}

function birthAgrees(asked: PartnerBirth, recorded: PartnerBirth | undefined): boolean {
  if (!recorded) return false;
  return asked.kind === 'year' ? recorded.value.startsWith(asked.value) : recorded.value === asked.value;
}

/** The fields of the record that differ from the request (the partner's match is not taken on trust). */
export function differingFields(
  request: Pick<CitizenVerificationRequestedV2, 'fullName' | 'birthDate'>,
  citizen: PartnerCitizen,
): ComparedField[] {
  const fields: ComparedField[] = [];
  if (!citizenNamesMatch(fullNameOf(citizen), request.fullName)) fields.push('fullName');
  if (!birthAgrees(toPartnerBirth(request.birthDate), citizen.birth)) fields.push('birthDate');
  return fields;
}

const SEX: Readonly<Record<string, 'male' | 'female'>> = { '1': 'male', '2': 'female' };

function isoBirthDate(birth: PartnerBirth | undefined): string | undefined {
  if (!birth) return undefined;
  const { value } = birth;
  return birth.kind === 'year' ? value : `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
}

/** Only the fields the request may see; nothing else of the record leaves this function. */
export function disclosedCitizen(
  citizen: PartnerCitizen,
  disclose: readonly CitizenField[],
): DisclosedCitizenV2 {
  const all: Required<{ [field in CitizenField]: DisclosedCitizenV2[field] }> = {
    fullName: fullNameOf(citizen),
    birthDate: isoBirthDate(citizen.birth),
    sex: citizen.sex === undefined ? undefined : SEX[citizen.sex],
    nationality: citizen.nationality,
    ethnicity: citizen.ethnicity,
    birthRegistrationProvince: citizen.birthProvince?.name ?? citizen.birthProvince?.code,
  };
  const disclosed: DisclosedCitizenV2 = {};
  for (const field of disclose) {
    const value = all[field];
    if (value !== undefined) Object.assign(disclosed, { [field]: value });
  }
  return disclosed;
}

/**
 * The verdict, in at most two calls. The population database answers a look-up only when the ID, the name and
 * the birth date all agree (so that nobody can read a citizen's name off an ID), and never says which detail
 * differs. Hence:
 * 1. `TraCuuThongTinCongDan` with the details as given: a record is a match (its fields are still compared here,
 *    and only the disclosed ones are kept);
 * 2. with a full birth date that failed, `XacThucThongTinCongDan` with the birth year only: if that agrees, the
 *    ID and name are right and the day or month differs (no-match naming `birthDate`);
 * 3. otherwise not-found: no citizen has this ID with this name and birth year. The partner does not tell an
 *    unknown ID from a wrong name or year, by design.
 */
export async function verifyCitizen(
  request: CitizenVerificationRequestedV2,
  ask: AskPopulation,
): Promise<VerificationOutcome> {
  const birth = toPartnerBirth(request.birthDate);
  const lookUp = await ask('TraCuuThongTinCongDan', birth);
  if (lookUp.exists) {
    if (!lookUp.citizen) {
      throw new DomainError(
        DomainErrorCode.PartnerUnavailable,
        'The population database found the citizen but sent no record',
      );
    }
    const differing = differingFields(request, lookUp.citizen);
    return differing.length > 0
      ? { verdict: 'no-match', differingFields: differing }
      : {
          verdict: 'match',
          differingFields: [],
          citizen: disclosedCitizen(lookUp.citizen, request.disclose),
        };
  }
  if (birth.kind === 'date') {
    const byYear = await ask('XacThucThongTinCongDan', { kind: 'year', value: birth.value.slice(0, 4) });
    if (byYear.exists) return { verdict: 'no-match', differingFields: ['birthDate'] };
  }
  return { verdict: 'not-found', differingFields: [] };
}
