import request from 'supertest';
import { ADMIN_TOKEN_HEADER } from '../../apps/simulators/kit/admin-token';
import { XMLParser } from 'fast-xml-parser';
import { ManualClock } from '../../apps/simulators/kit/clock';
import { RunningSimulators, startSimulators } from '../../apps/simulators/simulators.bootstrap';

const SOAP_PATH = '/csdlqgvdc/1.0/soap';
const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false });

interface Fields {
  MaYeuCau?: string;
  MaDVC?: string;
  MaTichHop?: string;
  MaCanBo?: string;
  SoDinhDanh?: string;
  SoCMND?: string;
  HoVaTen?: string;
  NgayThangNam?: string;
  Nam?: string;
}

function envelope(operation: string, fields: Fields): string {
  const order = ['MaYeuCau', 'MaDVC', 'MaTichHop', 'MaCanBo', 'SoDinhDanh', 'SoCMND', 'HoVaTen'] as const;
  const inner = order
    .filter((name) => fields[name] !== undefined)
    .map((name) => `<d:${name}>${fields[name]}</d:${name}>`)
    .join('');
  const birth = fields.NgayThangNam
    ? `<d:NgayThangNamSinh><d:NgayThangNam>${fields.NgayThangNam}</d:NgayThangNam></d:NgayThangNamSinh>`
    : fields.Nam
      ? `<d:NgayThangNamSinh><d:Nam>${fields.Nam}</d:Nam></d:NgayThangNamSinh>`
      : '';
  return `<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:d="urn:example"><soapenv:Body><d:${operation}>${inner}${birth}</d:${operation}></soapenv:Body></soapenv:Envelope>`;
}

interface Sampled {
  SoDinhDanh: string;
  SoCMND?: string;
  fullName: string;
  HoVaTenUpper: string;
  NgayThangNamSinh: string;
  HoVaTen: { Ho: string; ChuDem: string; Ten: string };
}

describe('population database simulator (NGSP + SOAP)', () => {
  const clock = new ManualClock();
  let sims: RunningSimulators;
  let base: string;
  /** Every call carries the admin token (admin routes need it; protocol routes ignore it). */
  const simulator = () => request.agent(base).set(ADMIN_TOKEN_HEADER, sims.adminToken);
  let citizen: Sampled;
  let legacyHolder: Sampled;

  const token = async (): Promise<string> =>
    (
      await simulator()
        .post('/token')
        .auth('lgsp-consumer', 'lgsp-consumer-secret')
        .type('form')
        .send({ grant_type: 'client_credentials' })
        .expect(200)
    ).body.access_token as string;
  const soap = (bearer: string | undefined, xml: string) => {
    const pending = simulator().post(SOAP_PATH).set('content-type', 'text/xml; charset=utf-8');
    return (bearer ? pending.set('authorization', `Bearer ${bearer}`) : pending).send(xml);
  };
  const accountable = (person: Sampled): Fields => ({
    MaYeuCau: 'req-1',
    MaDVC: '1.001193.000.00.00.H56',
    MaTichHop: 'H56',
    MaCanBo: 'canbo.motcua',
    SoDinhDanh: person.SoDinhDanh,
    HoVaTen: person.HoVaTenUpper,
    NgayThangNam: person.NgayThangNamSinh,
  });
  const body = (xml: string): Record<string, unknown> =>
    (parser.parse(xml) as { Envelope: { Body: Record<string, unknown> } }).Envelope.Body;

  beforeAll(async () => {
    sims = await startSimulators({ clock, populationDatabase: { tokenTtlSeconds: 600 } });
    base = sims.urls.populationDatabase;
    const sample = (await simulator().get('/admin/population/sample').query({ count: 200 }).expect(200))
      .body as Sampled[];
    citizen = sample[0];
    const holder = sample.find((person) => person.SoCMND !== undefined);
    if (!holder) throw new Error('the sample holds no legacy ID');
    legacyHolder = holder;
  });
  afterAll(() => sims.close());

  it('samples a deterministic population of well-formed citizens', async () => {
    const again = (await simulator().get('/admin/population/sample').query({ count: 200 })).body as Sampled[];
    expect(again[0]).toEqual(citizen);
    expect(citizen.SoDinhDanh).toMatch(/^\d{12}$/);
    expect(citizen.HoVaTenUpper).toBe(citizen.fullName.toUpperCase());
    await simulator().get(`/admin/population/${citizen.SoDinhDanh}`).expect(200);
    await simulator().get('/admin/population/sample').query({ count: 0 }).expect(400);
  });

  it('issues bearer tokens for Basic auth or form credentials, and refuses others', async () => {
    const form = await simulator()
      .post('/token')
      .type('form')
      .send({
        grant_type: 'client_credentials',
        client_id: 'lgsp-consumer',
        client_secret: 'lgsp-consumer-secret',
      })
      .expect(200);
    expect(form.body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    expect(typeof form.body.access_token).toBe('string');
    await simulator()
      .post('/token')
      .auth('lgsp-consumer', 'wrong')
      .type('form')
      .send({ grant_type: 'client_credentials' })
      .expect(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    const grant = await simulator()
      .post('/token')
      .auth('lgsp-consumer', 'lgsp-consumer-secret')
      .type('form')
      .send({ grant_type: 'password' })
      .expect(400);
    expect(grant.body.error).toBe('unsupported_grant_type');
  });

  it('answers 401 without a token, with an unknown one, and once the token expired', async () => {
    const xml = envelope('XacThucThongTinCongDan', accountable(citizen));
    expect((await soap(undefined, xml)).status).toBe(401);
    expect((await soap('made-up', xml)).status).toBe(401);
    const bearer = await token();
    expect((await soap(bearer, xml)).status).toBe(200);
    clock.advance(600_000);
    const expired = await soap(bearer, xml);
    expect(expired.status).toBe(401);
    expect(expired.headers['www-authenticate']).toContain('invalid_token');
    const fresh = await token();
    expect((await soap(fresh, xml)).status).toBe(200);
    await simulator().post('/admin/ngsp/tokens/expire').expect(204);
    expect((await soap(fresh, xml)).status).toBe(401);
  });

  it('looks a citizen up when ID, name and birth date agree', async () => {
    const reply = await soap(await token(), envelope('TraCuuThongTinCongDan', accountable(citizen))).expect(
      200,
    );
    expect(reply.headers['content-type']).toContain('text/xml');
    const answer = body(reply.text).TraCuuThongTinCongDanResponse as Record<string, unknown>;
    expect(answer).toMatchObject({
      MaYeuCau: 'req-1',
      TonTai: 'true',
      CongDan: { SoDinhDanh: citizen.SoDinhDanh, HoVaTen: citizen.HoVaTen },
    });
    const wrongBirth = await soap(
      await token(),
      envelope('TraCuuThongTinCongDan', { ...accountable(citizen), NgayThangNam: '19000101' }),
    );
    const missing = body(wrongBirth.text).TraCuuThongTinCongDanResponse as Record<string, unknown>;
    expect(missing.TonTai).toBe('false');
    expect(missing.CongDan).toBeUndefined();
  });

  it('verifies names whatever their Unicode form, case and spacing', async () => {
    const bearer = await token();
    const spelled = (name: string, extra: Fields = {}) =>
      soap(bearer, envelope('XacThucThongTinCongDan', { ...accountable(citizen), HoVaTen: name, ...extra }));
    const verdict = async (name: string, extra: Fields = {}) =>
      (body((await spelled(name, extra)).text).XacThucThongTinCongDanResponse as Record<string, unknown>)
        .TonTai;
    expect(await verdict(citizen.fullName.normalize('NFD').toLowerCase())).toBe('true');
    expect(await verdict(`  ${citizen.HoVaTenUpper.replace(/ /g, '   ')} `)).toBe('true');
    expect(
      await verdict(citizen.fullName, { NgayThangNam: undefined, Nam: citizen.NgayThangNamSinh.slice(0, 4) }),
    ).toBe('true');
    expect(await verdict(`${citizen.fullName} Văn`)).toBe('false');
    expect(await verdict(citizen.fullName, { NgayThangNam: undefined, Nam: '1899' })).toBe('false');
  });

  it('accepts the 9-digit legacy ID', async () => {
    const fields = { ...accountable(legacyHolder), SoDinhDanh: undefined, SoCMND: legacyHolder.SoCMND };
    const reply = await soap(await token(), envelope('XacThucThongTinCongDan', fields)).expect(200);
    expect((body(reply.text).XacThucThongTinCongDanResponse as Record<string, unknown>).TonTai).toBe('true');
  });

  it.each([
    ['MaDVC', 'MISSING_SERVICE_CODE'],
    ['MaTichHop', 'MISSING_AGENCY'],
    ['MaCanBo', 'MISSING_OFFICER'],
  ] as const)('refuses a look-up without %s with a SOAP fault', async (field, code) => {
    const reply = await soap(
      await token(),
      envelope('TraCuuThongTinCongDan', { ...accountable(citizen), [field]: undefined }),
    ).expect(500);
    const fault = body(reply.text).Fault as Record<string, unknown>;
    expect(fault).toMatchObject({ faultcode: 'soap:Client', detail: { MaLoi: code } });
    expect(String(fault.faultstring)).toContain(field);
  });

  it.each([
    ['malformed XML', '<soapenv:Envelope><soapenv:Body><d:TraCuu>', 'MALFORMED_REQUEST'],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "b">]><x/>', 'MALFORMED_REQUEST'],
    ['no envelope', '<hello/>', 'MALFORMED_REQUEST'],
    ['an unknown operation', envelope('XoaCongDan', {}), 'UNKNOWN_OPERATION'],
    [
      'a 10-digit ID',
      envelope('TraCuuThongTinCongDan', {
        MaYeuCau: '1',
        MaDVC: 'x',
        MaTichHop: 'y',
        MaCanBo: 'z',
        SoDinhDanh: '0123456789',
        HoVaTen: 'A',
        NgayThangNam: '20000101',
      }),
      'INVALID_FIELD',
    ],
  ])('faults on %s', async (_name, xml, code) => {
    const reply = await soap(await token(), xml).expect(500);
    expect(body(reply.text).Fault).toMatchObject({ faultcode: 'soap:Client', detail: { MaLoi: code } });
  });

  it('faults when fields arrive out of order', async () => {
    const xml = envelope('TraCuuThongTinCongDan', accountable(citizen)).replace(
      /(<d:MaDVC>.*?<\/d:MaDVC>)(<d:MaTichHop>.*?<\/d:MaTichHop>)/,
      '$2$1',
    );
    const reply = await soap(await token(), xml).expect(500);
    expect(body(reply.text).Fault).toMatchObject({ detail: { MaLoi: 'FIELD_ORDER' } });
  });

  it('injects errors as SOAP server faults, and malformed XML replies', async () => {
    const bearer = await token();
    await simulator().post('/admin/faults').send({ errorRate: 1, errorReply: 'protocol' }).expect(200);
    const failed = await soap(bearer, envelope('XacThucThongTinCongDan', accountable(citizen))).expect(500);
    expect(body(failed.text).Fault).toMatchObject({
      faultcode: 'soap:Server',
      detail: { MaLoi: 'INTERNAL_ERROR' },
    });
    await simulator().post('/admin/faults').send({ errorRate: null, malformedRate: 1 }).expect(200);
    const garbled = await soap(bearer, envelope('XacThucThongTinCongDan', accountable(citizen))).expect(200);
    expect(() => {
      new XMLParser().parse(garbled.text, true);
    }).toThrow();
    await simulator().delete('/admin/faults').expect(204);
  });
});
