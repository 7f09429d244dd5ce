import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DomainError, DomainErrorCode } from '../errors/domain-error';
import { ROOT_FIELD, describeProblems, validationProblems } from '../validation/validation-problems';
import { passesContractRules } from '../validation/precompiled-rules';
import { ContractClass } from './contract-definition';
import { ContractRegistry, contractRegistry, latestVersion, upcasterFrom } from './contract-registry';

export interface ReadMessage<T extends object = object> {
  type: string;
  /** Always the contract's latest version: older payloads have been upcast. */
  contractVersion: number;
  payload: T;
}

/**
 * Kafka readers tolerate fields they do not know (a producer may already speak a later minor revision) and
 * drop them, so nothing unvalidated reaches a handler; REST bodies are stricter (see the gateway's pipe).
 */
const MESSAGE_VALIDATION = { whitelist: true, forbidNonWhitelisted: false, forbidUnknownValues: true };

/**
 * Validates a payload against the contract version its envelope names, then upcasts it step by step to the
 * latest version, so a consumer is written once, against the latest class.
 */
export function readMessage<T extends object = object>(
  type: string,
  contractVersion: number,
  payload: unknown,
  registry: ContractRegistry = contractRegistry,
): ReadMessage<T> {
  const contract = registry.findByMessageType(type);
  const version = registry.findVersion(contract?.name ?? '', contractVersion);
  if (!contract || !version) {
    throw new DomainError(
      DomainErrorCode.UnknownContract,
      contract
        ? `Contract ${type} has no version ${contractVersion} (known: ${contract.versions.map((entry) => entry.version).join(', ')})`
        : `Unknown contract ${type}`,
    );
  }
  let current: object = validated(version.schemaClass, payload, `${type} v${contractVersion}`);
  for (let from = contractVersion; from < latestVersion(contract).version; from += 1) {
    const upcaster = upcasterFrom(contract, from);
    const next = registry.findVersion(contract.name, from + 1);
    if (!upcaster || !next) throw new Error(`Contract ${type} cannot be upcast from v${from}`);
    current = validated(
      next.schemaClass,
      upcaster.upcast(current),
      `${type} v${from} upcast to v${from + 1}`,
    );
  }
  return { type, contractVersion: latestVersion(contract).version, payload: current as T };
}

export interface ValidationStrictness {
  /** Refuse fields the contract does not name instead of dropping them, as the REST edge does. */
  forbidUnknownFields?: boolean;
}

/** Builds an instance of the class (applying its transforms) and validates it, or fails naming every field. */
export function validated<T extends object>(
  schemaClass: ContractClass<T>,
  payload: unknown,
  what: string,
  strictness: ValidationStrictness = {},
): T {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new DomainError(DomainErrorCode.ValidationFailed, `${what}: the payload must be a JSON object`, [
      { field: ROOT_FIELD, message: 'must be a JSON object' },
    ]);
  }
  const instance = plainToInstance(schemaClass, payload);
  const options = { ...MESSAGE_VALIDATION, forbidNonWhitelisted: strictness.forbidUnknownFields === true };
  const problems = passesContractRules(instance, options)
    ? []
    : validationProblems(validateSync(instance, options));
  if (problems.length > 0) {
    throw new DomainError(
      DomainErrorCode.ValidationFailed,
      `${what} does not satisfy its contract: ${describeProblems(problems)}`,
      problems,
    );
  }
  return instance;
}
