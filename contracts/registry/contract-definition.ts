import type { TopicName } from '../topics';

/** A class whose instances are one version of a contract's payload. */
export type ContractClass<T extends object = object> = new () => T;

export type ContractStatus = 'active' | 'deprecated';

export interface ContractVersion<T extends object = object> {
  version: number;
  schemaClass: ContractClass<T>;
  status: ContractStatus;
  /** ISO date after which the version is no longer accepted, or null when no date is set. */
  sunset: string | null;
}

/** Turns a validated payload of `from` into a payload of `from + 1`. */
export interface Upcaster {
  from: number;
  to: number;
  upcast(payload: object): object;
}

export interface ContractDefinition {
  /**
   * The contract's name, also its envelope's message type, e.g. `dossier.status-changed`; on Kafka, `ce_type` adds
   * the `vn.gov.lgsp.` prefix and the version.
   */
  name: string;
  messageType: string;
  /** The topic its messages travel on. */
  topic: TopicName;
  /** The folder under contracts/ holding its classes and frozen schemas. */
  folder: string;
  summary: string;
  status: ContractStatus;
  sunset: string | null;
  versions: readonly ContractVersion[];
  upcasters: readonly Upcaster[];
}

export function contractVersion<T extends object>(
  version: number,
  schemaClass: ContractClass<T>,
  lifecycle: { status?: ContractStatus; sunset?: string | null } = {},
): ContractVersion<T> {
  return { version, schemaClass, status: lifecycle.status ?? 'active', sunset: lifecycle.sunset ?? null };
}

/**
 * Types an upcaster by the two versions' classes. The payload it receives has already passed the `from`
 * version's validation, and what it returns is validated against the `to` version before anyone sees it.
 */
export function defineUpcaster<From extends object, To extends object>(
  from: ContractVersion<From>,
  to: ContractVersion<To>,
  upcast: (payload: From) => To,
): Upcaster {
  return { from: from.version, to: to.version, upcast: (payload) => upcast(payload as From) };
}

export function defineContract(
  definition: Omit<ContractDefinition, 'messageType' | 'status' | 'sunset' | 'upcasters'> &
    Partial<Pick<ContractDefinition, 'status' | 'sunset' | 'upcasters'>>,
): ContractDefinition {
  return {
    ...definition,
    messageType: definition.name,
    status: definition.status ?? 'active',
    sunset: definition.sunset ?? null,
    upcasters: definition.upcasters ?? [],
  };
}
