import { citizenVerificationCompletedContract } from '../citizen-verification-completed/citizen-verification-completed.contract';
import { citizenVerificationRequestedContract } from '../citizen-verification-requested/citizen-verification-requested.contract';
import { connectorDeliveryFailedContract } from '../connector-delivery-failed/connector-delivery-failed.contract';
import { dossierFiledOnPortalContract } from '../dossier-filed-on-portal/dossier-filed-on-portal.contract';
import { dossierRegisteredContract } from '../dossier-registered/dossier-registered.contract';
import { dossierStatusChangedContract } from '../dossier-status-changed/dossier-status-changed.contract';
import { dossierUpdatedContract } from '../dossier-updated/dossier-updated.contract';
import { paymentCompletedContract } from '../payment-completed/payment-completed.contract';
import { paymentFailedContract } from '../payment-failed/payment-failed.contract';
import { paymentRequestedContract } from '../payment-requested/payment-requested.contract';
import { ContractDefinition, ContractVersion, Upcaster } from './contract-definition';

/**
 * Every contract the bus publishes, with all its versions. A registry refuses to exist when it is
 * inconsistent (a gap in the versions, a missing upcaster, a name used twice), so a mistake fails at start
 * and in the unit tests rather than on the first message.
 */
export class ContractRegistry {
  private readonly byName = new Map<string, ContractDefinition>();
  private readonly byMessageType = new Map<string, ContractDefinition>();

  constructor(readonly contracts: readonly ContractDefinition[]) {
    for (const contract of contracts) {
      if (this.byName.has(contract.name)) throw new Error(`Contract ${contract.name} is registered twice`);
      if (this.byMessageType.has(contract.messageType))
        throw new Error(`Message type ${contract.messageType} is used by two contracts`);
      checkVersions(contract);
      this.byName.set(contract.name, contract);
      this.byMessageType.set(contract.messageType, contract);
    }
  }

  find(name: string): ContractDefinition | undefined {
    return this.byName.get(name);
  }

  findByMessageType(messageType: string): ContractDefinition | undefined {
    return this.byMessageType.get(messageType);
  }

  findVersion(name: string, version: number): ContractVersion | undefined {
    return this.find(name)?.versions.find((entry) => entry.version === version);
  }

  /** Every (contract, version) pair, in registry order. */
  allVersions(): { contract: ContractDefinition; version: ContractVersion }[] {
    return this.contracts.flatMap((contract) => contract.versions.map((version) => ({ contract, version })));
  }
}

export function latestVersion(contract: ContractDefinition): ContractVersion {
  return contract.versions[contract.versions.length - 1];
}

export function upcasterFrom(contract: ContractDefinition, version: number): Upcaster | undefined {
  return contract.upcasters.find((upcaster) => upcaster.from === version);
}

function checkVersions(contract: ContractDefinition): void {
  const problem = versionProblem(contract);
  if (problem) throw new Error(`Contract ${contract.name}: ${problem}`);
}

function versionProblem(contract: ContractDefinition): string | null {
  if (contract.versions.length === 0) return 'has no version';
  for (const [index, entry] of contract.versions.entries()) {
    if (entry.version !== index + 1) return `versions must be 1, 2, 3… in order; found v${entry.version}`;
    if (entry.sunset !== null && !/^\d{4}-\d{2}-\d{2}$/u.test(entry.sunset))
      return `v${entry.version} has a sunset that is not an ISO date (${entry.sunset})`;
    const isLatest = index === contract.versions.length - 1;
    if (!isLatest && !upcasterFrom(contract, entry.version))
      return `v${entry.version} has no upcaster to v${entry.version + 1}: a consumer of the latest version could not read it`;
  }
  const stray = contract.upcasters.find((upcaster) => upcaster.to !== upcaster.from + 1);
  if (stray) return `upcaster v${stray.from}→v${stray.to} must go to the next version`;
  if (contract.sunset !== null && !/^\d{4}-\d{2}-\d{2}$/u.test(contract.sunset))
    return `sunset is not an ISO date (${contract.sunset})`;
  return null;
}

/** The contracts this bus speaks. Adding a contract or a version means adding it here. */
export const contractRegistry = new ContractRegistry([
  dossierRegisteredContract,
  dossierUpdatedContract,
  dossierStatusChangedContract,
  dossierFiledOnPortalContract,
  citizenVerificationRequestedContract,
  citizenVerificationCompletedContract,
  paymentRequestedContract,
  paymentCompletedContract,
  paymentFailedContract,
  connectorDeliveryFailedContract,
]);
