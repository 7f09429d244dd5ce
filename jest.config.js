const { join } = require('node:path');
const ts = require('typescript');

// Two projects: unit tests live beside the code; integration tests under test/ run against the real broker
// and database, which the global setup provides once per run.
const swcTransform = [
  '@swc/jest',
  {
    swcrc: false,
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

/**
 * The path aliases are tsconfig.json's `paths`, the one list: tsc, ESLint and @swc-node/register read it there,
 * `nest build` hands it to swc, and Jest gets it here. `X` maps X exactly; `X/*` maps what follows the slash.
 */
function moduleNameMapperFromTsconfig() {
  const { config, error } = ts.readConfigFile(join(__dirname, 'tsconfig.json'), ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return Object.fromEntries(
    Object.entries(config.compilerOptions.paths).map(([alias, [target]]) =>
      alias.endsWith('/*')
        ? [`^${escape(alias.slice(0, -2))}/(.*)$`, `<rootDir>/${target.replace('*', '$1')}`]
        : [`^${escape(alias)}$`, `<rootDir>/${target}`],
    ),
  );
}

const moduleNameMapper = moduleNameMapperFromTsconfig();

const shared = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': swcTransform },
  moduleNameMapper,
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};

/** @type {import('jest').Config} */
module.exports = {
  // A global option in Jest (not per project): integration tests wait on a real broker. Each wait in a test has
  // its own bound (expectEventually's), which fails with what was still missing; this only catches a hang, and is
  // above the longest of those bounds so that a slow machine fails a test by its message, not by this timer.
  testTimeout: 300_000,
  // Each integration file starts Nest apps, Kafka clients and simulators, and not all of what they leave behind is
  // collected: one process running every file grew past 1 GB of heap within 25 files, and the late files slowed
  // down with it (a batch taking over 60 s that takes 1 s alone). Files run in a worker that is replaced once its
  // heap passes this after a file. Setting it also makes Jest use a worker where one core would run all in band.
  workerIdleMemoryLimit: '512MB',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,adapters,contracts}/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // Records the personal values each test sends, for the log scan of the global teardown.
      setupFiles: [...shared.setupFiles, '<rootDir>/test/support/log-scan/record-sent-personal-data.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
