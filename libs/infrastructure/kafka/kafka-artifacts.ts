import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const DEFAULT_KAFKA_VERSION = '3.9.1';

/** The broker is published on Maven Central as kafka_2.13; its POM lists every runtime jar we need. */
function pomFor(version: string): string {
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>lgsp.local</groupId>
  <artifactId>kafka-broker-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${version}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
`;
}

export function artifactCacheDir(version: string): string {
  const base =
    process.env.LGSP_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'lgsp');
  return join(base, `kafka-${version}`);
}

export async function commandExists(command: string, args: string[]): Promise<boolean> {
  try {
    await run(command, args, { timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves the broker's jars into a cache outside the repository. The copy lands in a temporary folder and is
 * renamed into place, so an interrupted download never leaves a half-filled cache that looks complete.
 */
export async function resolveKafkaClasspath(
  version: string,
  log: (line: string) => void,
): Promise<{ libDir: string; cached: boolean }> {
  const cacheDir = artifactCacheDir(version);
  const libDir = join(cacheDir, 'libs');
  if (existsSync(libDir) && readdirSync(libDir).some((name) => name.startsWith('kafka_2.13-'))) {
    return { libDir, cached: true };
  }
  mkdirSync(cacheDir, { recursive: true });
  const pomFile = join(cacheDir, 'pom.xml');
  writeFileSync(pomFile, pomFor(version));
  const staging = join(cacheDir, `libs.partial-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  log(`Resolving Apache Kafka ${version} from Maven Central into ${cacheDir} (first run only)`);
  await run(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      pomFile,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${staging}`,
      '-DincludeScope=runtime',
    ],
    { timeout: 600_000, maxBuffer: 16 * 1024 * 1024 },
  );
  rmSync(libDir, { recursive: true, force: true });
  renameSync(staging, libDir);
  return { libDir, cached: false };
}
