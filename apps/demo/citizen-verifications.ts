import type { AxiosInstance } from 'axios';
import { dossierRegistration, personalIdFor } from '@lgsp/contracts/examples/dossier.examples';
import { maskPersonalIds } from '@lgsp/observability';
import { DEMO_AGENCY } from './demo-clients';

/** A citizen of the population simulator, as its admin API lists them. */
interface SampledCitizen {
  SoDinhDanh: string;
  /** yyyyMMdd */
  NgayThangNamSinh: string;
  fullName: string;
}

export interface VerificationLine {
  dossierCode: string;
  /** What the demo meant to show with this look-up. */
  case: string;
  personalId: string;
  fullName: string;
  status: number;
  verdict: string;
  differingFields: string[];
  disclosedName?: string;
}

const OFFICER = 'canbo.demo01';

const isoDate = (yyyymmdd: string): string =>
  `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;

/**
 * Another day of the same month, as mistyped papers often have it; the year stays, so the database still finds
 * the person by birth year and the verdict names the birth date.
 */
function anotherDay(yyyymmdd: string): string {
  const day = Number(yyyymmdd.slice(6, 8));
  return `${isoDate(yyyymmdd).slice(0, 8)}${String(day === 1 ? 2 : day - 1).padStart(2, '0')}`;
}

/**
 * An officer at the one-stop office checks five applicants (of up to five dossiers) against the population database
 * (through the bus, as its own client): three people the database knows (birth date, birth year only, the name
 * typed in lower case), one whose papers give the wrong birth date, and the dossier's example applicant, whom
 * the database does not know.
 */
export async function verifyApplicants(
  api: AxiosInstance,
  populationAdmin: AxiosInstance,
  dossierCodes: string[],
): Promise<VerificationLine[]> {
  const known = (
    await populationAdmin.get<SampledCitizen[]>('/admin/population/sample', { params: { count: 4 } })
  ).data;
  if (known.length < 4 || dossierCodes.length === 0)
    throw new Error('the demo needs 4 citizens and a dossier');
  const stranger = personalIdFor(4);
  const strangerKnown = await populationAdmin.get(`/admin/population/${stranger}`, {
    validateStatus: () => true,
  });
  if (strangerKnown.status !== 404) throw new Error('the example applicant is a citizen of the simulator');
  const asked = [
    { case: 'as recorded', id: known[0].SoDinhDanh, name: known[0].fullName, birth: isoDate(known[0].NgayThangNamSinh) },
    { case: 'birth year only', id: known[1].SoDinhDanh, name: known[1].fullName, birth: known[1].NgayThangNamSinh.slice(0, 4) },
    { case: 'name in lower case', id: known[2].SoDinhDanh, name: known[2].fullName.toLowerCase(), birth: isoDate(known[2].NgayThangNamSinh) },
    { case: 'wrong birth date', id: known[3].SoDinhDanh, name: known[3].fullName, birth: anotherDay(known[3].NgayThangNamSinh) },
    { case: 'unknown person', id: stranger, name: 'Nguyễn Văn Khách', birth: '1990-01-01' },
  ]; // prettier-ignore
  const lines: VerificationLine[] = [];
  for (const [index, person] of asked.entries()) {
    // A short run has fewer dossiers than look-ups: several applicants then belong to one dossier.
    const dossierCode = dossierCodes[index % dossierCodes.length];
    const { procedureCode } = dossierRegistration(dossierCode, index) as { procedureCode: string };
    const response = await api.post<{
      verdict?: string;
      differingFields?: string[];
      citizen?: { fullName?: string };
    }>('/v1/citizens/verifications', {
      personalId: person.id,
      fullName: person.name,
      birthDate: person.birth,
      purpose: { serviceCode: procedureCode, dossierCode, agencyCode: DEMO_AGENCY, officerCode: OFFICER },
    });
    lines.push({
      dossierCode,
      case: person.case,
      personalId: person.id,
      fullName: person.name,
      status: response.status,
      verdict: response.data.verdict ?? `HTTP ${response.status}`,
      differingFields: response.data.differingFields ?? [],
      disclosedName: response.data.citizen?.fullName,
    });
  }
  return lines;
}

/** Initials only: the demo's output, like the bus's logs, never shows a citizen's name in clear. */
export function initials(fullName: string): string {
  return fullName
    .split(/\s+/u)
    .filter((part) => part !== '')
    .map((part) => `${part.charAt(0).toLocaleUpperCase('vi')}.`)
    .join('');
}

export function printVerifications(lines: VerificationLine[], say: (line: string) => void): void {
  say('Citizen verifications (an officer of H56.20 checks applicants against the population database)');
  for (const line of lines) {
    const differing = line.differingFields.length > 0 ? ` (differs: ${line.differingFields.join(', ')})` : '';
    const disclosed = line.disclosedName ? `, recorded name ${initials(line.disclosedName)}` : '';
    say(
      `  ${line.dossierCode}  ID ${maskPersonalIds(line.personalId)} ${initials(line.fullName).padEnd(10)} ` +
        `${line.case.padEnd(19)} → ${line.verdict}${differing}${disclosed}`,
    );
  }
}
