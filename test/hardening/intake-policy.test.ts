import { dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import { useGatewayUnderTest } from '../support/gateway/gateway-under-test';

interface FieldProblem {
  field: string;
  message: string;
}

const fieldsOf = (body: { errors?: FieldProblem[] }): string[] =>
  (body.errors ?? []).map((problem) => problem.field);

type Dossier = Record<string, unknown> & { applicant: Record<string, unknown>; documents: object[] };

/**
 * Intake policy (docs/intake-policy.md): what a correct one-stop system never sends is refused at the gateway
 * with 400 naming the field, before anything is recorded or forwarded to a partner.
 */
describe('gateway intake policy: control characters, document links, record size', () => {
  const { http, auth } = useGatewayUnderTest('intakepolicy', {
    DOCUMENT_HOSTS: 'files.one-stop.test,*.example.gov.vn',
  });
  let sequence = 0;

  const nextCode = (): string => `H56.22-POLICY-${String((sequence += 1)).padStart(6, '0')}`;
  const dossier = (code: string): Dossier => dossierRegistration(code, sequence) as Dossier;

  async function refused(body: object, path = '/v1/dossiers'): Promise<string[]> {
    const response = await http().post(path).set(auth()).send(body).expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    return fieldsOf(response.body as { errors?: FieldProblem[] });
  }

  it('refuses a NUL in a name with 400 naming the field, and records nothing', async () => {
    const code = nextCode();
    const body = dossier(code);
    body.applicant.fullName = 'Nguyễn\u0000 Văn An';
    expect(await refused(body)).toEqual(['applicant.fullName']);
    await http().get(`/v1/dossiers/${code}/trace`).set(auth()).expect(404);
  });

  it.each([
    ['a C1 control character', 'Bước 1\u0085'],
    ['DEL', 'Bước\u007f 1'],
    ['an unpaired surrogate', 'Bước 1 \ud800'],
  ])('refuses %s in a processing step', async (_what, content) => {
    const code = nextCode();
    await http().post('/v1/dossiers').set(auth()).send(dossier(code)).expect(202);
    const change = statusChange(code, 2, 1) as { step: Record<string, unknown> };
    change.step.content = content;
    expect(await refused(change, `/v1/dossiers/${code}/status-changes`)).toEqual(['step.content']);
  });

  it('still accepts tabs and line breaks in text (they are whitespace, collapsed on the way in)', async () => {
    const body = dossier(nextCode());
    body.summary = 'Đăng ký khai sinh\ncho\tcon';
    await http().post('/v1/dossiers').set(auth()).send(body).expect(202);
  });

  it.each([
    ['plain http', 'http://files.one-stop.test/a.pdf'],
    ['the cloud metadata address', 'https://169.254.169.254/latest/meta-data/'],
    ['an admin port on localhost', 'https://localhost:8080/admin/users'],
    ['credentials in the link', 'https://user:pass@files.one-stop.test/a.pdf'],
    ['a host that is not configured', 'https://files.elsewhere.test/a.pdf'],
    ['a look-alike suffix', 'https://files.one-stop.test.attacker.test/a.pdf'],
  ])('refuses a document link with %s', async (_what, url) => {
    const body = dossier(nextCode());
    body.documents = [{ documentId: 'D1', name: 'Tờ khai.pdf', url, deleted: false }];
    expect(await refused(body)).toEqual(['documents[0].url']);
  });

  it('refuses a result-file link to a host that is not configured, naming the field', async () => {
    const code = nextCode();
    await http().post('/v1/dossiers').set(auth()).send(dossier(code)).expect(202);
    const change = statusChange(code, 2, 1) as { step: Record<string, unknown> };
    change.step.resultDocuments = [{ documentId: 'KQ', name: 'Kết quả.pdf', url: 'https://10.0.0.7/kq.pdf' }];
    expect(await refused(change, `/v1/dossiers/${code}/status-changes`)).toEqual([
      'step.resultDocuments[0].url',
    ]);
  });

  it('accepts https links to configured hosts, exact or by subdomain pattern', async () => {
    const body = dossier(nextCode());
    body.documents = [
      { documentId: 'D1', name: 'Tờ khai.pdf', url: 'https://files.one-stop.test/a.pdf', deleted: false },
      { documentId: 'D2', name: 'Ảnh.jpg', url: 'https://one-stop.example.gov.vn/b.jpg', deleted: false },
    ];
    await http().post('/v1/dossiers').set(auth()).send(body).expect(202);
  });

  it('refuses a dossier too large to ever reach the portal, naming the documents', async () => {
    const body = dossier(nextCode());
    const longPath = 'x'.repeat(1900);
    body.documents = Array.from({ length: 500 }, (_, index) => ({
      documentId: `D${index}`,
      name: `Tài liệu ${index} ${'đ'.repeat(280)}`,
      url: `https://files.one-stop.test/${longPath}/${index}`,
      deleted: false,
    }));
    const response = await http().post('/v1/dossiers').set(auth()).send(body).expect(400);
    expect(fieldsOf(response.body as { errors?: FieldProblem[] })).toEqual(['documents']);
    expect(response.body.detail).toContain('bytes');
  });

  it('judges each batch item on its own', async () => {
    const good = dossier(nextCode());
    const bad = dossier(nextCode());
    bad.applicant.fullName = 'Trần\u0007Thị';
    const response = await http()
      .post('/v1/dossiers/batch')
      .set(auth())
      .send({ items: [{ dossier: good }, { dossier: bad }] })
      .expect(207);
    expect(response.body.results.map((result: { status: number }) => result.status)).toEqual([202, 400]);
    expect(fieldsOf(response.body.results[1])).toEqual([expect.stringMatching(/applicant\.fullName$/u)]);
  });
});
