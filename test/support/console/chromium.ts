import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { promisify } from 'node:util';
import { Browser, chromium } from 'playwright-core';

/** Debian's chromium package puts its launcher here; playwright-core drives it (it ships no browser of its own). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** A fresh CI machine downloads about 100 MB of packages: minutes, not seconds. */
export const CHROMIUM_INSTALL_TIMEOUT_MS = 15 * 60_000;

const MISSING =
  `Headless Chromium is missing: install Debian's chromium package (apt-get install -y chromium, as root) ` +
  `so that ${CHROMIUM_PATH} exists.`;

async function present(): Promise<boolean> {
  try {
    await access(CHROMIUM_PATH);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Makes sure Chromium is installed: when it is missing and the test runs as root (a CI container), installs the
 * package with apt-get (updating the package lists first, which a fresh image has not); otherwise fails with one
 * sentence saying what to install.
 */
export async function ensureChromium(): Promise<string> {
  if (await present()) return CHROMIUM_PATH;
  if (process.getuid?.() !== 0) throw new Error(MISSING);
  const run = promisify(execFile);
  const options = {
    timeout: CHROMIUM_INSTALL_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  };
  await run('apt-get', ['update'], options);
  await run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], options);
  if (!(await present())) throw new Error(MISSING);
  return CHROMIUM_PATH;
}

/** Headless Chromium through playwright-core; --no-sandbox because CI containers run it as root. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await ensureChromium(), args: ['--no-sandbox'] });
}
