import { readFileSync } from 'node:fs';

export class PemFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PemFileError';
  }
}

/**
 * Reads a PEM file named by configuration, once, at start-up: a wrong path stops the process with the file
 * and the peer it was for (paths are configuration, not secrets; the contents are never echoed).
 */
export function readPemFile(peer: string, what: string, path: string | undefined): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    // fs errors carry a code (ENOENT, EACCES) that says what is wrong with the path.
    const reason =
      typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unreadable';
    throw new PemFileError(`Cannot read ${peer}'s ${what} file ${path} (${reason})`);
  }
}
