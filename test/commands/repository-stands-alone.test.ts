import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PROJECT_ROOT } from '../support/commands/command-process';

const SEARCHED = ['README.md', 'docs', 'apps', 'libs', 'adapters', 'contracts', 'docker', 'test'];

function filesUnder(path: string): string[] {
  const full = join(PROJECT_ROOT, path);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [full];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) =>
    entry.name === 'node_modules' ? [] : filesUnder(join(path, entry.name)),
  );
}

/** A clone must stand alone: its documents and code cite only what the clone holds. */
describe('the repository stands alone', () => {
  const files = SEARCHED.flatMap(filesUnder).filter((file) => /\.(ts|md|json|sql)$/.test(file));

  it('cites no document outside the repository', () => {
    const outside = files
      .filter((file) => !file.endsWith('repository-stands-alone.test.ts'))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, index) => ({ line, where: `${relative(PROJECT_ROOT, file)}:${index + 1}` }))
          .filter(({ line }) => /\.\.\/shared\/|DESIGN\.md/.test(line))
          .map(({ where, line }) => `${where}: ${line.trim()}`),
      );
    expect(outside).toEqual([]);
  });

  it('links only to files that exist, from the README and docs/', () => {
    const broken = files
      .filter((file) => file.endsWith('.md'))
      .flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
          .map((match) => match[1])
          .filter((target) => !/^[a-z]+:/.test(target))
          .filter((target) => !existsSync(resolve(dirname(file), target)))
          .map((target) => `${relative(PROJECT_ROOT, file)} → ${target}`),
      );
    expect(broken).toEqual([]);
  });
});
