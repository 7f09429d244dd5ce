import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** The repository root: the deployment files are read where a province's operator finds them. */
export const REPOSITORY_ROOT = join(__dirname, '..', '..');

/** The folder of the Kubernetes manifests (one object per file). */
export const KUBERNETES_FOLDER = 'docker/kubernetes';

export function readRepositoryFile(path: string): string {
  return readFileSync(join(REPOSITORY_ROOT, path), 'utf8');
}

export function repositoryFileExists(path: string): boolean {
  return existsSync(join(REPOSITORY_ROOT, path));
}

export type YamlObject = Record<string, unknown>;

/**
 * One YAML document, merge keys (`<<: *anchor`) resolved as Compose resolves them, so that what is validated is
 * what the engine would run.
 */
export function readYaml(path: string): YamlObject {
  return parse(readRepositoryFile(path), { merge: true }) as YamlObject;
}

/** Every document of every manifest, with the file it came from. */
export function readKubernetesObjects(): { file: string; object: YamlObject }[] {
  return readdirSync(join(REPOSITORY_ROOT, KUBERNETES_FOLDER))
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .flatMap((name) => {
      const file = `${KUBERNETES_FOLDER}/${name}`;
      return parseAllDocuments(readRepositoryFile(file)).map((document) => {
        if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message}`);
        return { file, object: document.toJS() as YamlObject };
      });
    });
}

/** A deep copy to break on purpose, leaving the parsed original intact for the other tests. */
export function copyOf<T>(value: T): T {
  return structuredClone(value);
}

/** The value at a path of plain objects, or undefined. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node !== null && typeof node === 'object' ? (node as YamlObject)[key] : undefined),
    value,
  );
}

/** Files under a folder (relative to the repository root), recursively, whose names match. */
export function filesUnder(folder: string, pattern: RegExp): string[] {
  const root = join(REPOSITORY_ROOT, folder);
  if (!existsSync(root)) return [];
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((name) => pattern.test(name))
    .map((name) => `${folder}/${name}`)
    .sort();
}
