import { IsInt } from 'class-validator';
import { classSchemas, contractVersionSchema, DEFINITIONS_PREFIX } from '../schema/contract-schema.generator';
import { Topics } from '../topics';
import { contractVersion, defineContract, defineUpcaster } from './contract-definition';
import { ContractRegistry, contractRegistry, latestVersion } from './contract-registry';

class OneV1 {
  @IsInt()
  n!: number;
}
class OneV2 {
  @IsInt()
  m!: number;
}
const v1 = contractVersion(1, OneV1);
const v2 = contractVersion(2, OneV2);
const base = { name: 'test.one', topic: Topics.dossierEvents, folder: 'test-one', summary: 'test' };

/** The national portal's and population database's own field names: adapters map them, contracts never use them. */
const EXTERNAL_NAMES =
  /^(MaHoSo|MaTTHC|TenTTHC|MaLinhVuc|TrangThaiHoSo|SoBienNhan|ChuHoSo|NgayTiepNhan|NgayHenTra|TaiLieuNop|DanhSachLePhi|SoDinhDanh|HoVaTen|NguoiXuLy|[A-Z].*|.*_.*)$/;

describe('ContractRegistry', () => {
  it('lists every contract the bus speaks, with its versions and topic', () => {
    expect(
      contractRegistry.contracts.map((contract) => [
        contract.name,
        contract.topic,
        contract.versions.map((version) => version.version),
      ]),
    ).toEqual([
      ['dossier.registered', 'dossier.events', [1]],
      ['dossier.updated', 'dossier.events', [1]],
      ['dossier.status-changed', 'dossier.events', [1, 2]],
      ['dossier.filed-on-portal', 'dossier.filed-on-portal', [1]],
      ['citizen.verification-requested', 'citizen.verification', [1, 2]],
      ['citizen.verification-completed', 'citizen.verification', [1, 2]],
      ['payment.requested', 'payment.events', [1]],
      ['payment.completed', 'payment.events', [1, 2]],
      ['payment.failed', 'payment.events', [1]],
      ['connector.delivery-failed', 'connector.delivery-failed', [1]],
    ]);
    expect(latestVersion(contractRegistry.find('dossier.status-changed')!).version).toBe(2);
    expect(contractRegistry.findByMessageType('payment.failed')?.name).toBe('payment.failed');
  });

  it('uses canonical camelCase field names only, never an external system’s', () => {
    const all = classSchemas(DEFINITIONS_PREFIX);
    for (const { contract, version } of contractRegistry.allVersions()) {
      const schema = contractVersionSchema(contract.name, version, all);
      const parts: unknown[] = [schema, ...Object.values(schema.definitions ?? {})];
      const names = parts.flatMap((part) => Object.keys((part as { properties?: object }).properties ?? {}));
      expect(names.filter((name) => EXTERNAL_NAMES.test(name))).toEqual([]);
    }
  });

  it('refuses a contract registered twice', () => {
    const one = defineContract({ ...base, versions: [v1] });
    expect(() => new ContractRegistry([one, one])).toThrow('Contract test.one is registered twice');
  });

  it('refuses a gap in the versions', () => {
    expect(() => new ContractRegistry([defineContract({ ...base, versions: [v2] })])).toThrow(
      'versions must be 1, 2, 3… in order; found v2',
    );
  });

  it('refuses a version that cannot be upcast to the next', () => {
    expect(() => new ContractRegistry([defineContract({ ...base, versions: [v1, v2] })])).toThrow(
      'v1 has no upcaster to v2',
    );
    const upcaster = defineUpcaster(v1, v2, (one) => ({ m: one.n }));
    expect(
      new ContractRegistry([defineContract({ ...base, versions: [v1, v2], upcasters: [upcaster] })])
        .contracts,
    ).toHaveLength(1);
  });

  it('refuses a sunset that is not an ISO date', () => {
    const deprecated = contractVersion(1, OneV1, { status: 'deprecated', sunset: '31/12/2026' });
    expect(() => new ContractRegistry([defineContract({ ...base, versions: [deprecated] })])).toThrow(
      'v1 has a sunset that is not an ISO date (31/12/2026)',
    );
  });
});
