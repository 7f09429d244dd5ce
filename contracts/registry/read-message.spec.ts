import { IsInt, Min } from 'class-validator';
import { DomainError, DomainErrorCode } from '../errors/domain-error';
import { contractExample } from '../examples/contract-examples';
import {
  DossierStatusChangedV2,
  ProcessingStepV2,
} from '../dossier-status-changed/v2/dossier-status-changed.v2';
import { DossierRegisteredV1 } from '../dossier-registered/v1/dossier-registered.v1';
import { contractVersion, defineContract, defineUpcaster } from './contract-definition';
import { ContractRegistry, contractRegistry } from './contract-registry';
import { readMessage, validated } from './read-message';

function refusal(read: () => unknown): DomainError {
  try {
    read();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the message to be refused');
}

describe('readMessage', () => {
  it.each(contractRegistry.allVersions().map(({ contract, version }) => [contract.name, version.version]))(
    'accepts the example of %s v%i',
    (name, version) => {
      const read = readMessage(name, version, contractExample(name, version));
      expect(read.type).toBe(name);
    },
  );

  it('reads a v1 status change as v2 through the upcaster', () => {
    const v1 = contractExample('dossier.status-changed', 1);
    const read = readMessage<DossierStatusChangedV2>('dossier.status-changed', 1, v1);
    expect(read.contractVersion).toBe(2);
    expect(read.payload).toBeInstanceOf(DossierStatusChangedV2);
    expect(read.payload.step).toBeInstanceOf(ProcessingStepV2);
    expect(read.payload.step.resultDocuments).toEqual([]);
    expect(read.payload).toMatchObject({
      dossierCode: v1.dossierCode,
      status: v1.status,
      occurredAt: v1.occurredAt,
    });
    expect(read.payload.step).toMatchObject(v1.step as object);
  });

  it('reads a v2 status change as it is', () => {
    const v2 = contractExample('dossier.status-changed', 2);
    const read = readMessage('dossier.status-changed', 2, v2);
    expect(read.contractVersion).toBe(2);
    expect(read.payload).toEqual(v2);
  });

  it('refuses an unknown contract or version', () => {
    expect(refusal(() => readMessage('dossier.exploded', 1, {})).code).toBe(DomainErrorCode.UnknownContract);
    const unknownVersion = refusal(() => readMessage('dossier.status-changed', 3, {}));
    expect(unknownVersion.code).toBe(DomainErrorCode.UnknownContract);
    expect(unknownVersion.message).toMatch(/no version 3 \(known: 1, 2\)/);
  });

  it('names every failing field, nested ones by their path', () => {
    const payload = contractExample('dossier.registered', 1);
    delete payload.dossierCode;
    payload.status = 11;
    (payload.applicant as Record<string, unknown>).personalId = '099203012345';
    (payload.fees as Record<string, unknown>[])[0].amount = 12.5;
    (payload.documents as Record<string, unknown>[])[0].url = 'not a url';
    payload.receivedAt = '2025-01-01 08:30:00';

    const error = refusal(() => readMessage('dossier.registered', 1, payload));
    expect(error.code).toBe(DomainErrorCode.ValidationFailed);
    const fields = new Set(error.fields.map((problem) => problem.field));
    expect(fields).toEqual(
      new Set([
        'dossierCode',
        'status',
        'applicant.personalId',
        'fees[0].amount',
        'documents[0].url',
        'receivedAt',
      ]),
    );
    // The message names the wrong part of the ID but never its value (province, sex, birth year are personal).
    const personalIdMessage = error.fields.find(
      (problem) => problem.field === 'applicant.personalId',
    )?.message;
    expect(personalIdMessage).toMatch(/province code outside 001–096/);
    expect(personalIdMessage).not.toMatch(/099/);
    expect(error.message).toMatch(/^dossier.registered v1 does not satisfy its contract: /);
  });

  it('names a nested object that is missing or not an object', () => {
    const payload = contractExample('dossier.status-changed', 1);
    payload.step = 'in process';
    const notObject = refusal(() => readMessage('dossier.status-changed', 1, payload)).fields;
    expect(new Set(notObject.map((problem) => problem.field))).toEqual(new Set(['step']));
    expect(notObject).toContainEqual({ field: 'step', message: 'step must be an object' });
    delete payload.step;
    expect(refusal(() => readMessage('dossier.status-changed', 1, payload)).fields).toEqual([
      { field: 'step', message: 'step must be an object' },
    ]);
  });

  it('refuses null for an optional field: absent is allowed, null is not', () => {
    const payload = contractExample('dossier.registered', 1);
    payload.appointmentAt = null;
    expect(refusal(() => readMessage('dossier.registered', 1, payload)).fields[0].field).toBe(
      'appointmentAt',
    );
    delete payload.appointmentAt;
    expect(readMessage('dossier.registered', 1, payload).payload).not.toHaveProperty('appointmentAt');
  });

  it('refuses a payload that is not an object', () => {
    for (const payload of [null, 'text', [1]]) {
      expect(refusal(() => readMessage('dossier.registered', 1, payload)).fields).toEqual([
        { field: '(root)', message: 'must be a JSON object' },
      ]);
    }
  });

  it('drops fields the contract does not know, so no unvalidated data reaches a handler', () => {
    const payload = { ...contractExample('dossier.registered', 1), internalNote: 'x' };
    const read = readMessage<DossierRegisteredV1>('dossier.registered', 1, payload);
    expect(read.payload).not.toHaveProperty('internalNote');
  });

  it('refuses unknown fields when asked to be strict, as at the REST edge', () => {
    const payload = { ...contractExample('dossier.registered', 1), internalNote: 'x' };
    expect(() => validated(DossierRegisteredV1, payload, 'body', { forbidUnknownFields: true })).toThrow(
      'body does not satisfy its contract: internalNote: property internalNote should not exist',
    );
  });

  it('stores names as NFC with whitespace collapsed', () => {
    const payload = contractExample('dossier.registered', 1);
    const decomposed = '  Nguyễn   Văn\tAn '.normalize('NFD');
    (payload.applicant as Record<string, unknown>).fullName = decomposed;
    const read = readMessage<DossierRegisteredV1>('dossier.registered', 1, payload);
    expect(decomposed).not.toBe('Nguyễn Văn An');
    expect(read.payload.applicant.fullName).toBe('Nguyễn Văn An'.normalize('NFC'));
    expect(read.payload.applicant.fullName.normalize('NFC')).toBe(read.payload.applicant.fullName);
  });

  it('validates what an upcaster produces, so a faulty upcaster cannot hand out a wrong payload', () => {
    class CounterV1 {
      @IsInt()
      count!: number;
    }
    class CounterV2 {
      @IsInt()
      @Min(1)
      total!: number;
    }
    const v1 = contractVersion(1, CounterV1);
    const v2 = contractVersion(2, CounterV2);
    const registry = new ContractRegistry([
      defineContract({
        name: 'test.counter',
        topic: 'dossier.events',
        folder: 'test-counter',
        summary: 'test',
        versions: [v1, v2],
        upcasters: [defineUpcaster(v1, v2, (payload) => ({ total: payload.count }))],
      }),
    ]);
    expect(readMessage('test.counter', 1, { count: 3 }, registry).payload).toEqual({ total: 3 });
    const error = refusal(() => readMessage('test.counter', 1, { count: 0 }, registry));
    expect(error.message).toMatch(/^test.counter v1 upcast to v2 does not satisfy its contract: total/);
  });
});
