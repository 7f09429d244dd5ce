import { Parser } from '@asyncapi/parser';

/** Spectral's severity 0 is an error; 1 to 3 are warnings, information and hints. */
const ERROR_SEVERITY = 0;
import { contractRegistry } from '@lgsp/contracts';
import { buildAsyncApiDocument, messageId } from './asyncapi-document.builder';

describe('AsyncAPI document', () => {
  const document = buildAsyncApiDocument(contractRegistry, '1.0.0');

  it('is valid for the official AsyncAPI parser', async () => {
    const diagnostics = await new Parser().validate(JSON.stringify(document));
    const errors = diagnostics.filter((diagnostic) => Number(diagnostic.severity) === ERROR_SEVERITY);
    expect(errors.map((error) => `${error.path.join('.')}: ${error.message}`)).toEqual([]);
  });

  it('would fail on a broken document, so the check above can fail', async () => {
    const broken = structuredClone(document) as unknown as {
      components: { messages: Record<string, { payload: object }> };
    };
    broken.components.messages.dossierUpdatedV1.payload = { $ref: '#/components/schemas/Missing' };
    const diagnostics = await new Parser().validate(JSON.stringify(broken));
    expect(
      diagnostics
        .filter((diagnostic) => Number(diagnostic.severity) === ERROR_SEVERITY)
        .map((error) => error.code),
    ).toContain('invalid-ref');
  });

  it('has one channel per topic and one message per contract version', () => {
    const channels = document.channels as Record<string, { address: string; messages: object }>;
    expect(Object.values(channels).map((channel) => channel.address)).toEqual([
      'dossier.events',
      'dossier.filed-on-portal',
      'citizen.verification',
      'payment.events',
      'connector.delivery-failed',
    ]);
    expect(Object.keys(channels.dossierEvents.messages)).toEqual([
      'dossierRegisteredV1',
      'dossierUpdatedV1',
      'dossierStatusChangedV1',
      'dossierStatusChangedV2',
    ]);
    const messages = (document.components as { messages: object }).messages;
    expect(Object.keys(messages)).toHaveLength(contractRegistry.allVersions().length);
    expect(messageId('citizen.verification-requested', 1)).toBe('citizenVerificationRequestedV1');
  });

  it('names the CloudEvents headers on every message', () => {
    const messages = (
      document.components as { messages: Record<string, { headers: { properties: object } }> }
    ).messages;
    expect(Object.keys(messages.dossierStatusChangedV2.headers.properties)).toEqual([
      'ce_specversion',
      'ce_id',
      'ce_source',
      'ce_type',
      'ce_time',
      'ce_subject',
      'content-type',
      'ce_contractversion',
      'ce_correlationid',
      'ce_causationid',
      'ce_supersededat',
    ]);
    const headers = messages.dossierStatusChangedV2.headers.properties as Record<string, { const?: string }>;
    expect(headers.ce_type.const).toBe('vn.gov.lgsp.dossier.status-changed.v2');
    for (const { headers: each } of Object.values(messages)) {
      expect(each.properties).toHaveProperty('ce_specversion');
      expect(each.properties).toHaveProperty('ce_type');
    }
  });
});
