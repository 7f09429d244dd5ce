export interface DemoOptions {
  /** Leave everything running after the scenario instead of exiting. */
  keep: boolean;
  dossiers: number;
  /** How long the national portal is down in the middle of the run. */
  outageMs: number;
  filedOnPortal: number;
}

function numberArg(argv: string[], name: string, fallback: number): number {
  const arg = argv.find((entry) => entry.startsWith(`--${name}=`));
  const value = arg ? Number(arg.split('=')[1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
  return value;
}

export function parseDemoOptions(argv: string[]): DemoOptions {
  return {
    keep: argv.includes('--keep'),
    dossiers: Math.max(1, numberArg(argv, 'dossiers', 300)),
    outageMs: numberArg(argv, 'outage-ms', 10_000),
    filedOnPortal: numberArg(argv, 'filed', 25),
  };
}
