import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A Docker client alone is not enough: testcontainers needs an engine that answers. */
export async function dockerEngineAnswers(): Promise<boolean> {
  if (process.env.LGSP_DOCKER === 'off') return false;
  try {
    await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}
