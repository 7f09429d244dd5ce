import { useGatewayUnderTest } from '../support/gateway/gateway-under-test';

const NAME = 'Lê Thu Anh';
const ID = '079203012345';

/**
 * Problem bodies never carry a caller's personal data back in clear (docs/security.md, Redaction): a body that
 * is not JSON is refused without the excerpt of it the JSON parser quotes, and no ID number or token is echoed.
 */
describe('problem bodies do not echo personal data', () => {
  const gateway = useGatewayUnderTest('problem-redaction');

  const refusal = async (body: string): Promise<string> => {
    const response = await gateway
      .http()
      .post('/v1/dossiers')
      .set(gateway.auth())
      .set('content-type', 'application/json')
      .send(body)
      .expect(400);
    return JSON.stringify(response.body);
  };

  it.each([
    ['a name the parser would quote', `{"applicant":{"fullName":${NAME}}}`],
    ['a name at the start of the body', `${NAME} ${ID}`],
    ['a name before a stray token', `["${NAME}", tru]`],
  ])('refuses %s without the excerpt', async (_case, body) => {
    const problem = await refusal(body);
    expect(problem).toContain('not valid JSON');
    expect(problem).not.toContain('Lê Thu');
    expect(problem).not.toContain('Thu Anh');
    expect(problem).not.toContain(ID);
  });
});
