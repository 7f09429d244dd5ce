import { ConfigResourceTypes } from 'kafkajs';
import { Topics } from '@lgsp/contracts';
import { KafkaClient, TopicNames } from '@lgsp/messaging';
import type { SampledCitizen } from '../../apps/simulators/population-database/population-admin.controller';
import {
  PopulationUnderTest,
  isoDate,
  ngspStats,
  sampleCitizens,
  startPopulationUnderTest,
} from '../support/citizens/population-under-test';
import { expectEventually } from '../support/expect-eventually';

describe('population-database connector: citizen verification through NGSP, over request-reply', () => {
  let bus: PopulationUnderTest;
  let citizens: SampledCitizen[];

  const asGiven = (citizen: SampledCitizen) => ({
    personalId: citizen.SoDinhDanh,
    fullName: citizen.fullName,
    birthDate: isoDate(citizen.NgayThangNamSinh),
    disclose: [],
  });

  beforeAll(async () => {
    bus = await startPopulationUnderTest('population', {
      // Long enough that the breaker test sees it open; the other tests never fail a call.
      POPULATION_DATABASE_BREAKER_RESET_MS: '30000',
    });
    citizens = await sampleCitizens(bus.admin, 200);
  });

  afterAll(async () => {
    await bus?.close();
  });

  it('matches a citizen as given, disclosing nothing by default', async () => {
    const reply = await bus.verify(asGiven(citizens[0]));
    expect(reply).toMatchObject({ verdict: 'match', differingFields: [], citizen: {} });
    expect(reply.retryAfterSeconds).toBeUndefined();
  });

  it('returns only the disclosed fields', async () => {
    const citizen = citizens[1];
    const reply = await bus.verify({ ...asGiven(citizen), disclose: ['fullName', 'sex'] });
    expect(reply.citizen).toEqual({
      fullName: citizen.fullName,
      sex: citizen.GioiTinh === '1' ? 'male' : 'female',
    });
    const all = await bus.verify({
      ...asGiven(citizen),
      disclose: ['birthDate', 'nationality', 'ethnicity', 'birthRegistrationProvince'],
    });
    expect(all.citizen).toEqual({
      birthDate: isoDate(citizen.NgayThangNamSinh),
      nationality: 'VN',
      ethnicity: citizen.DanToc,
      birthRegistrationProvince: citizen.NoiDangKyKhaiSinh.TenTinh,
    });
  });

  it('answers no-match naming the birth date when the day differs', async () => {
    const citizen = citizens[2];
    const day = Number(citizen.NgayThangNamSinh.slice(6, 8));
    const otherDay = String(day === 1 ? 2 : day - 1).padStart(2, '0');
    const reply = await bus.verify({
      ...asGiven(citizen),
      birthDate: `${isoDate(citizen.NgayThangNamSinh).slice(0, 8)}${otherDay}`,
      disclose: ['fullName'],
    });
    expect(reply).toMatchObject({ verdict: 'no-match', differingFields: ['birthDate'] });
    // Nothing of the record goes back with anything but a match.
    expect(reply.citizen).toBeUndefined();
  });

  it('answers not-found for an ID nobody has', async () => {
    const unknown = '056099000001';
    await expect(bus.admin.get(`/admin/population/${unknown}`)).rejects.toMatchObject({
      response: { status: 404 },
    });
    const reply = await bus.verify({ ...asGiven(citizens[3]), personalId: unknown });
    expect(reply).toMatchObject({ verdict: 'not-found', differingFields: [] });
  });

  it('matches a decomposed, lower-case, loosely spaced name against the composed record', async () => {
    const citizen = citizens[4];
    const nfd = `  ${citizen.fullName.toLowerCase().replace(/ /g, '   ')} `.normalize('NFD');
    expect(nfd).not.toBe(citizen.fullName);
    const reply = await bus.verify({ ...asGiven(citizen), fullName: nfd });
    expect(reply.verdict).toBe('match');
  });

  it('verifies with the birth year only', async () => {
    const citizen = citizens[5];
    const year = citizen.NgayThangNamSinh.slice(0, 4);
    await expect(bus.verify({ ...asGiven(citizen), birthDate: year })).resolves.toMatchObject({
      verdict: 'match',
    });
    await expect(
      bus.verify({ ...asGiven(citizen), birthDate: String(Number(year) - 1) }),
    ).resolves.toMatchObject({ verdict: 'not-found' });
  });

  it('looks a citizen up by the legacy 9-digit identity card number (SoCMND)', async () => {
    const citizen = citizens.find((candidate) => candidate.SoCMND !== undefined)!;
    expect(citizen).toBeDefined();
    const reply = await bus.verify({
      ...asGiven(citizen),
      personalId: citizen.SoCMND!,
      disclose: ['fullName'],
    });
    expect(reply).toMatchObject({ verdict: 'match', citizen: { fullName: citizen.fullName } });
    const other = citizens.find((candidate) => candidate.SoCMND === undefined)!;
    await expect(bus.verify({ ...asGiven(other), personalId: citizen.SoCMND! })).resolves.toMatchObject({
      verdict: 'not-found',
    });
  });

  it('keeps verification requests an hour on their topic: they carry IDs and names', async () => {
    const admin = bus.worker.get(KafkaClient).admin();
    await admin.connect();
    try {
      const topic = new TopicNames(bus.env.prefix).main(Topics.citizenVerification);
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
      });
      expect(
        resources[0].configEntries.find((entry) => entry.configName === 'retention.ms')?.configValue,
      ).toBe('3600000');
    } finally {
      await admin.disconnect();
    }
  });

  it('renews the token once and retries when NGSP answers 401', async () => {
    await bus.verify(asGiven(citizens[6]));
    const before = await ngspStats(bus.admin);
    await bus.admin.post('/admin/ngsp/tokens/expire');
    await expect(bus.verify(asGiven(citizens[7]))).resolves.toMatchObject({ verdict: 'match' });
    const after = await ngspStats(bus.admin);
    expect(after.tokensIssued - before.tokensIssued).toBe(1);
    expect(after.requestsRejected - before.requestsRejected).toBe(1);
  });

  it('shares one renewal among many concurrent callers when the token expires mid-run', async () => {
    await bus.verify(asGiven(citizens[8]));
    const before = await ngspStats(bus.admin);
    await bus.admin.post('/admin/ngsp/tokens/expire');
    const replies = await Promise.all(citizens.slice(10, 50).map((citizen) => bus.verify(asGiven(citizen))));
    expect(replies.map((reply) => reply.verdict)).toEqual(replies.map(() => 'match'));
    const after = await ngspStats(bus.admin);
    expect(after.tokensIssued - before.tokensIssued).toBe(1);
  });

  // Last: it leaves the breaker open.
  it('answers unavailable at once, with Retry-After, once NGSP is down and its breaker open', async () => {
    await bus.simulators.controls.populationDatabase.set({ outage: 'http503' });
    try {
      await expectEventually(
        async () => {
          const reply = await bus.verify(asGiven(citizens[9])).catch((error: unknown) => error);
          expect(reply).toMatchObject({ verdict: 'unavailable' });
        },
        { timeoutMs: 30_000, intervalMs: 0 },
      );
      const started = Date.now();
      const reply = await bus.verify(asGiven(citizens[9]));
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(reply).toMatchObject({ verdict: 'unavailable', differingFields: [] });
      expect(reply.citizen).toBeUndefined();
      expect(reply.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(reply.retryAfterSeconds).toBeLessThanOrEqual(30);
    } finally {
      await bus.simulators.controls.populationDatabase.clear();
    }
  });
});
