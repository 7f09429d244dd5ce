import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { PROJECT_ROOT } from '../support/commands/command-process';

interface NestCliConfiguration {
  projects: Record<string, { type: 'application' | 'library'; root: string }>;
}

function tsconfigPaths(): Record<string, string[]> {
  const { config } = ts.readConfigFile(join(PROJECT_ROOT, 'tsconfig.json'), (path) =>
    ts.sys.readFile(path),
  ) as {
    config: { compilerOptions: { paths: Record<string, string[]> } };
  };
  return config.compilerOptions.paths;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, file), 'utf8')) as T;
}

/** What a module specifier becomes under Jest's moduleNameMapper (the first pattern that matches wins). */
function jestTarget(mapper: Record<string, string>, specifier: string): string | undefined {
  for (const [pattern, target] of Object.entries(mapper)) {
    const match = new RegExp(pattern).exec(specifier);
    if (match) return target.replace(/\$(\d)/g, (_, group: string) => match[Number(group)]);
  }
  return undefined;
}

function subfolders(folder: string): string[] {
  return readdirSync(join(PROJECT_ROOT, folder), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${folder}/${entry.name}`);
}

/**
 * The path aliases are one list, tsconfig.json's `paths`: tsc, ESLint and @swc-node/register read it, `nest build`
 * hands it to swc, jest.config.js derives its moduleNameMapper from it. A second list would drift.
 */
describe('project configuration', () => {
  const paths = tsconfigPaths();

  it('has no path alias for a file or folder that does not exist', () => {
    const missing = Object.entries(paths).flatMap(([alias, targets]) =>
      targets
        .filter((target) => !existsSync(join(PROJECT_ROOT, target.replace(/\/\*$/, ''))))
        .map((target) => `${alias} → ${target}`),
    );
    expect(missing).toEqual([]);
  });

  it('keeps the aliases in tsconfig.json only: .swcrc has none, Jest maps each as tsconfig does', () => {
    const swcrc = readJson<{ jsc: { paths?: unknown; baseUrl?: unknown } }>('.swcrc');
    expect(swcrc.jsc.paths).toBeUndefined();
    expect(swcrc.jsc.baseUrl).toBeUndefined();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const jestConfig = require(join(PROJECT_ROOT, 'jest.config.js')) as {
      projects: { moduleNameMapper: Record<string, string> }[];
    };
    for (const project of jestConfig.projects) {
      const mapped = Object.keys(paths).map((alias) => {
        const specifier = alias.replace('*', 'some/module');
        return [specifier, jestTarget(project.moduleNameMapper, specifier)];
      });
      const expected = Object.entries(paths).map(([alias, [target]]) => [
        alias.replace('*', 'some/module'),
        `<rootDir>/${target.replace('*', 'some/module')}`,
      ]);
      expect(mapped).toEqual(expected);
    }
  });

  it('nest-cli.json names every app, adapter and library as a project, at a folder that exists', () => {
    const { projects } = readJson<NestCliConfiguration>('nest-cli.json');
    const roots = Object.values(projects)
      .map((project) => project.root)
      .sort();
    const folders = [
      ...subfolders('apps'),
      ...subfolders('adapters'),
      ...subfolders('libs'),
      'contracts',
    ].sort();
    expect(roots).toEqual(folders);
    const applications = Object.values(projects).filter((project) => project.type === 'application');
    expect(applications.map((project) => project.root).sort()).toEqual(subfolders('apps').sort());
    for (const project of applications)
      expect(existsSync(join(PROJECT_ROOT, project.root, 'main.ts'))).toBe(true);
  });
});
