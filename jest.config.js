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

const moduleNameMapper = {
  '^@lgsp/contracts$': '<rootDir>/contracts/index.ts',
  '^@lgsp/contracts/(.*)$': '<rootDir>/contracts/$1',
  '^@lgsp/adapters/(national-portal|one-stop)$': '<rootDir>/adapters/$1/index.ts',
  '^@lgsp/adapters/(.*)$': '<rootDir>/adapters/$1',
  '^@lgsp/infrastructure$': '<rootDir>/libs/infrastructure/index.ts',
  '^@lgsp/(config|messaging|persistence|observability|resilience|security)$': '<rootDir>/libs/$1/index.ts',
};

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
  // A global option in Jest (not per project): integration tests wait on a real broker.
  testTimeout: 120_000,
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
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
