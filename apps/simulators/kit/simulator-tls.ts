import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const TLS_DIR = join(__dirname, 'tls');

/** The CA that signed the simulators' certificate: what a bus talking https to them sets as its partner CA. */
export const SIMULATOR_CA_FILE = join(TLS_DIR, 'ca.crt');

/** Test-only TLS material (see tls/README.md): never trust its CA outside tests, benchmarks and the demo. */
export function simulatorTls(): { cert: Buffer; key: Buffer } {
  return {
    cert: readFileSync(join(TLS_DIR, 'simulator.crt')),
    key: readFileSync(join(TLS_DIR, 'simulator.key')),
  };
}
