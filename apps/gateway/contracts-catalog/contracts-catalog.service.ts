import { Injectable } from '@nestjs/common';
import {
  ContractDefinition,
  ContractStatus,
  DEFINITIONS_PREFIX,
  DomainError,
  DomainErrorCode,
  JsonSchema,
  classSchemas,
  contractRegistry,
  contractVersionSchema,
  latestVersion,
} from '@lgsp/contracts';
import { AsyncApiDocument, buildAsyncApiDocument } from './asyncapi-document.builder';

export const CATALOG_PATH = 'v1/contracts';
const API_VERSION = '1.0.0';

export interface ContractVersionSummary {
  version: number;
  status: ContractStatus;
  sunset: string | null;
  /** Where its JSON Schema is served. */
  schema: string;
}

export interface ContractSummary {
  name: string;
  messageType: string;
  topic: string;
  summary: string;
  status: ContractStatus;
  sunset: string | null;
  latestVersion: number;
  versions: ContractVersionSummary[];
}

/**
 * The published contracts, generated from the classes once per process: the classes cannot change while it
 * runs, and the documents are asked for far more often than they could change.
 */
@Injectable()
export class ContractsCatalogService {
  private schemas?: Map<string, JsonSchema>;
  private asyncApi?: AsyncApiDocument;

  list(status?: ContractStatus): ContractSummary[] {
    return contractRegistry.contracts
      .filter((contract) => status === undefined || contract.status === status)
      .map(summaryOf);
  }

  schema(name: string, version: string): JsonSchema {
    const number = /^v?([1-9][0-9]*)$/.exec(version)?.[1];
    const contract = contractRegistry.find(name);
    const found = number === undefined ? undefined : this.allSchemas().get(`${name}@${number}`);
    if (!found) {
      throw new DomainError(
        DomainErrorCode.NotFound,
        contract
          ? `Contract ${name} has no version ${version}; it has ${contract.versions.map((entry) => `v${entry.version}`).join(', ')}`
          : `No contract is named ${name}; GET /${CATALOG_PATH} lists them`,
      );
    }
    return found;
  }

  asyncApiDocument(): AsyncApiDocument {
    this.asyncApi ??= buildAsyncApiDocument(contractRegistry, API_VERSION);
    return this.asyncApi;
  }

  private allSchemas(): Map<string, JsonSchema> {
    if (!this.schemas) {
      const all = classSchemas(DEFINITIONS_PREFIX);
      this.schemas = new Map(
        contractRegistry
          .allVersions()
          .map(({ contract, version }) => [
            `${contract.name}@${version.version}`,
            contractVersionSchema(contract.name, version, all),
          ]),
      );
    }
    return this.schemas;
  }
}

function summaryOf(contract: ContractDefinition): ContractSummary {
  return {
    name: contract.name,
    messageType: contract.messageType,
    topic: contract.topic,
    summary: contract.summary,
    status: contract.status,
    sunset: contract.sunset,
    latestVersion: latestVersion(contract).version,
    versions: contract.versions.map((version) => ({
      version: version.version,
      status: version.status,
      sunset: version.sunset,
      schema: `/${CATALOG_PATH}/${contract.name}/${version.version}`,
    })),
  };
}
