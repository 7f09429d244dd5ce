export interface DemoOptions {
  /** Leave everything running after the scenario instead of exiting. */
  keep: boolean;
  dossiers: number;
}

export function parseDemoOptions(argv: string[]): DemoOptions {
  const countArg = argv.find((arg) => arg.startsWith('--dossiers='));
  const dossiers = countArg ? Number(countArg.split('=')[1]) : 200;
  if (!Number.isInteger(dossiers) || dossiers < 1)
    throw new Error('--dossiers must be a positive whole number');
  return { keep: argv.includes('--keep'), dossiers };
}
