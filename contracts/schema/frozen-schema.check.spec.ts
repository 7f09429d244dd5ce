import { join } from 'node:path';
import { IsEnum } from 'class-validator';
import { DossierStatus } from '../common/dossier-status';
import { contractRegistry } from '../registry/contract-registry';
import { IsOffsetDateTime } from '../validation/date-formats.decorator';
import { IsCode, Optional } from '../validation/field-rules.decorator';
import { IsNestedObject } from '../validation/nested.decorator';
import { ProcessingStepV1 } from '../dossier-status-changed/v1/dossier-status-changed.v1';
import { contractVersionSchema } from './contract-schema.generator';
import {
  FREEZE_COMMAND,
  checkFrozenSchemas,
  compareWithFrozen,
  frozenSchemaFile,
  schemaDifferences,
} from './frozen-schema.check';

const contractsRoot = join(__dirname, '..');
const statusChanged = contractRegistry.find('dossier.status-changed')!;

/** Exactly DossierStatusChangedV1's decorators, under another class name. */
class StatusChangedCopy {
  @IsCode()
  dossierCode!: string;

  @IsEnum(DossierStatus)
  status!: DossierStatus;

  @IsNestedObject(() => ProcessingStepV1)
  step!: ProcessingStepV1;

  @IsOffsetDateTime()
  occurredAt!: string;
}

/** DossierStatusChangedV1 with one "harmless" edit: occurredAt made optional. */
class StatusChangedEdited {
  @IsCode()
  dossierCode!: string;

  @IsEnum(DossierStatus)
  status!: DossierStatus;

  @IsNestedObject(() => ProcessingStepV1)
  step!: ProcessingStepV1;

  @Optional()
  @IsOffsetDateTime()
  occurredAt?: string;
}

const frozenV1 = frozenSchemaFile(contractsRoot, statusChanged, 1);

describe('frozen contract schemas', () => {
  it.each(
    checkFrozenSchemas(contractsRoot, contractRegistry).map((check) => [
      check.contract,
      check.version,
      check,
    ]),
  )('%s v%i generates exactly its frozen schema', (_name, _version, check) => {
    if (check.state !== 'unchanged') throw new Error(check.message);
  });

  it('finds no difference in a class that only has another name', () => {
    const generated = contractVersionSchema(statusChanged.name, {
      version: 1,
      schemaClass: StatusChangedCopy,
    });
    expect(compareWithFrozen(statusChanged, 1, generated, frozenV1).state).toBe('unchanged');
  });

  it('fails when a published version changes, saying what changed and what to do instead', () => {
    const generated = contractVersionSchema(statusChanged.name, {
      version: 1,
      schemaClass: StatusChangedEdited,
    });
    const check = compareWithFrozen(statusChanged, 1, generated, frozenV1);
    expect(check.state).toBe('changed');
    expect(check.differences).toEqual([
      '$.required changed from ["dossierCode","status","step","occurredAt"] to ["dossierCode","status","step"]',
    ]);
    expect(check.message).toContain('dossier.status-changed v1 is published and frozen');
    expect(check.message).toContain('add v2 (a new class, a frozen schema and an upcaster from v1)');
  });

  it('fails for a version with no frozen schema yet, naming the freeze command', () => {
    const generated = contractVersionSchema(statusChanged.name, {
      version: 3,
      schemaClass: StatusChangedCopy,
    });
    const check = compareWithFrozen(
      statusChanged,
      3,
      generated,
      frozenSchemaFile(contractsRoot, statusChanged, 3),
    );
    expect(check.state).toBe('missing');
    expect(check.file).toBe(join(contractsRoot, 'dossier-status-changed', 'v3', 'schema.v3.json'));
    expect(check.message).toContain(FREEZE_COMMAND);
  });
});

describe('schemaDifferences', () => {
  it('ignores key order, which a formatter may change', () => {
    expect(schemaDifferences({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it('reports added, removed and changed keywords with their paths', () => {
    expect(
      schemaDifferences(
        { type: 'object', properties: { a: { type: 'string' }, b: { maxLength: 5 } }, enum: [1, 2] },
        { type: 'object', properties: { a: { type: 'integer' }, c: { type: 'string' } }, enum: [2, 1] },
      ),
    ).toEqual([
      '$.enum[0] changed from 1 to 2',
      '$.enum[1] changed from 2 to 1',
      '$.properties.a.type changed from "string" to "integer"',
      '$.properties.b removed (was {"maxLength":5})',
      '$.properties.c added ({"type":"string"})',
    ]);
  });
});
