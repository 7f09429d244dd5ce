import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsString, ValidatorOptions, registerDecorator, validateSync } from 'class-validator';
import { contractExample } from '../examples/contract-examples';
import { contractRegistry } from '../registry/contract-registry';
import { passesContractRules } from './precompiled-rules';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const REST_EDGE: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
};
const KAFKA_READER: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: false,
  forbidUnknownValues: true,
};

const REPLACEMENTS: Json[] = [
  null,
  '',
  ' ',
  'x'.repeat(5_000),
  'has space',
  'a\u0000b',
  '2025-02-30',
  'https://elsewhere.example.com/file',
  0,
  -1,
  1.5,
  99_999_999_999,
  true,
  {},
  [],
  [null],
  [{}],
];

/** Every way to break (or keep) a payload one change at a time: each member removed, replaced, or joined. */
function* variants(value: Json, edit: (next: Json | undefined) => Json): Generator<Json> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      yield* variants(item, (next) => edit(value.map((old, at) => (at === index ? (next ?? null) : old))));
    }
    yield edit([...value, ...value]);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  yield edit({ ...value, unexpectedField: 'x' });
  for (const key of Object.keys(value)) {
    const without: Record<string, Json> = { ...value };
    delete without[key];
    yield edit(without);
    for (const replacement of REPLACEMENTS) yield edit({ ...value, [key]: replacement });
    yield* variants(value[key], (next) => edit(next === undefined ? without : { ...value, [key]: next }));
  }
}

const versions = contractRegistry.allVersions().map(({ contract, version }) => ({
  name: `${contract.name} v${version.version}`,
  schemaClass: version.schemaClass,
  example: contractExample(contract.name, version.version) as Json,
}));

describe('passesContractRules', () => {
  it.each(versions)('settles every contract example as valid without class-validator: $name', (version) => {
    const instance = plainToInstance(version.schemaClass, version.example);
    expect(validateSync(instance, REST_EDGE)).toEqual([]);
    expect(passesContractRules(instance, REST_EDGE)).toBe(true);
  });

  it.each(versions)('agrees with class-validator on every one-change variant: $name', (version) => {
    let checked = 0;
    for (const payload of variants(version.example, (next) => next ?? null)) {
      for (const options of [REST_EDGE, KAFKA_READER]) {
        const instance = plainToInstance(version.schemaClass, payload);
        const passes = passesContractRules(instance, options);
        // class-validator strips unknown fields in the reader's mode: it is asked last.
        const problems = validateSync(instance, options);
        const strips =
          options.forbidNonWhitelisted === false && JSON.stringify(payload).includes('unexpected');
        expect({ payload, passes }).toEqual({ payload, passes: problems.length === 0 && !strips });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('leaves to class-validator what it does not settle: groups, skipped properties, unregistered classes', () => {
    const instance = plainToInstance(versions[0].schemaClass, versions[0].example);
    expect(passesContractRules(instance, { ...REST_EDGE, groups: ['admin'] })).toBe(false);
    expect(passesContractRules(instance, { ...REST_EDGE, skipMissingProperties: true })).toBe(false);
    expect(passesContractRules({ dossierCode: 'A' }, REST_EDGE)).toBe(false);
    expect(passesContractRules(Object.create(null) as object, REST_EDGE)).toBe(false);
  });

  it("calls the class's own rules, and leaves an asynchronous one to class-validator, which awaits it", () => {
    class Officer {
      @IsString()
      name!: string;
    }
    class Lookup {
      @IsString()
      purpose!: string;
    }
    registerDecorator({
      name: 'isKnownPurpose',
      target: Lookup,
      propertyName: 'purpose',
      async: true,
      validator: { validate: () => Promise.resolve(true) },
    });
    expect(passesContractRules(plainToInstance(Officer, { name: 'An' }), REST_EDGE)).toBe(true);
    expect(passesContractRules(plainToInstance(Officer, { name: 1 }), REST_EDGE)).toBe(false);
    expect(passesContractRules(plainToInstance(Lookup, { purpose: 'audit' }), REST_EDGE)).toBe(false);
  });
});
