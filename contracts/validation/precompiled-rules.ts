import {
  MetadataStorage,
  ValidationArguments,
  ValidationTypes,
  ValidatorOptions,
  getMetadataStorage,
} from 'class-validator';

/** A class whose instances are validated; `Object#constructor` is typed only as Function. */
type ContractType = abstract new (...args: never[]) => object;

type RuleMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

interface Check {
  readonly validate: (value: unknown, args: ValidationArguments) => unknown;
}

interface CustomRule {
  readonly metadata: RuleMetadata;
  readonly checks: readonly Check[];
}

interface PropertyRules {
  readonly name: string;
  readonly conditions: readonly RuleMetadata[];
  readonly customRules: readonly CustomRule[];
  readonly nested: boolean;
}

/** A class's rules, looked up once: `undefined` when one of them is of a kind this fast path leaves to class-validator. */
interface ClassRules {
  readonly properties: readonly PropertyRules[];
  readonly known: ReadonlySet<string>;
}

const SETTLED_KINDS = new Set<string>([
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.NESTED_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.WHITELIST,
]);

const rulesByClass = new Map<ContractType, ClassRules | undefined>();

function customRule(storage: MetadataStorage, metadata: RuleMetadata): CustomRule | undefined {
  const constraints = storage.getTargetValidatorConstraints(metadata.constraintCls);
  // An async constraint is skipped by validateSync and awaited by validate: the two disagree, so ask class-validator.
  if (constraints.some((constraint) => constraint.async)) return undefined;
  return { metadata, checks: constraints.map((constraint) => constraint.instance) };
}

/** The rules class-validator applies to an instance of `type` with no groups, grouped by property as it does. */
function compile(type: ContractType): ClassRules | undefined {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(type, '', false, false);
  if (metadatas.length === 0 || metadatas.some((metadata) => !SETTLED_KINDS.has(metadata.type)))
    return undefined;
  const grouped = storage.groupByPropertyName(metadatas);
  const properties: PropertyRules[] = [];
  for (const [name, rules] of Object.entries(grouped)) {
    const customRules = rules
      .filter((rule) => rule.type === ValidationTypes.CUSTOM_VALIDATION)
      .map((rule) => customRule(storage, rule));
    if (customRules.some((rule) => rule === undefined)) return undefined;
    properties.push({
      name,
      conditions: rules.filter((rule) => rule.type === ValidationTypes.CONDITIONAL_VALIDATION),
      customRules: customRules as CustomRule[],
      nested: rules.some((rule) => rule.type === ValidationTypes.NESTED_VALIDATION),
    });
  }
  return { properties, known: new Set(Object.keys(grouped)) };
}

function rulesOf(type: ContractType): ClassRules | undefined {
  if (!rulesByClass.has(type)) rulesByClass.set(type, compile(type));
  return rulesByClass.get(type);
}

const isThenable = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/** One check's verdict on one value: a promise is not a verdict, so it counts as a failure here. */
function passesCheck(check: Check, value: unknown, args: ValidationArguments): boolean {
  const verdict = check.validate(value, args);
  return !isThenable(verdict) && Boolean(verdict);
}

function passesCustomRule(rule: CustomRule, object: object, value: unknown): boolean {
  const { metadata } = rule;
  if (metadata.each && (value instanceof Set || value instanceof Map)) return false;
  const args: ValidationArguments = {
    targetName: object.constructor ? object.constructor.name : '',
    property: metadata.propertyName,
    object,
    value,
    constraints: metadata.constraints as unknown[],
  };
  const values = metadata.each && Array.isArray(value) ? (value as unknown[]) : [value];
  return rule.checks.every((check) => values.every((item) => passesCheck(check, item, args)));
}

/** class-validator's nested validation: an object by its own class, an array item by item, nothing else. */
function passesNested(value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.every(passesNested);
  if (value instanceof Set || value instanceof Map || !(value instanceof Object)) return false;
  return passesObject(value);
}

function passesObject(object: object): boolean {
  if (typeof object.constructor !== 'function') return false;
  const rules = rulesOf(object.constructor as ContractType);
  if (rules === undefined) return false;
  for (const key of Object.keys(object)) if (!rules.known.has(key)) return false;
  const record = object as Record<string, unknown>;
  for (const property of rules.properties) {
    const value = record[property.name];
    if (value instanceof Promise) return false;
    // Every condition is called, as class-validator calls them, before their verdicts are combined.
    const verdicts = property.conditions.map((condition) =>
      (condition.constraints[0] as (object: object, value: unknown) => unknown)(object, value),
    );
    const applies = verdicts.every(Boolean);
    if (!applies) continue;
    if (!property.customRules.every((rule) => passesCustomRule(rule, object, value))) return false;
    if (property.nested && !passesNested(value)) return false;
  }
  return true;
}

/** Options this fast path answers for; any other (groups, skipping, stripping) is left to class-validator. */
function settles(options: ValidatorOptions): boolean {
  return (
    (options.groups === undefined || options.groups.length === 0) &&
    !options.always &&
    !options.strictGroups &&
    !options.skipMissingProperties &&
    !options.skipNullProperties &&
    !options.skipUndefinedProperties &&
    options.forbidUnknownValues !== false
  );
}

/**
 * True only when class-validator, given the same instance and options, would find no problem; false means "ask
 * class-validator", which then names every problem. Contract validation ran class-validator on every request and
 * message, and most of its cost was finding the rules again each time (by walking every registered class) rather
 * than checking them: here each class's rules are looked up once and the same constraint objects are called with
 * the same arguments. The classes' decorators stay the only source of the rules. Unknown fields make it answer
 * false whatever the options, so class-validator refuses them or strips them as it is told.
 */
export function passesContractRules(object: object, options: ValidatorOptions): boolean {
  return settles(options) && passesObject(object);
}
