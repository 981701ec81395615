/** Unit tests sit beside their code; end-to-end tests in test/ run against real PostgreSQL, Redis and the identity provider. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  transform: { '^.+\\.(t|j)s$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@app/fhir(|/.*)$': '<rootDir>/libs/fhir/src$1' },
  // request-filtering-agent 3 ships only ES modules; Jest's CommonJS runtime needs it compiled like our own code.
  transformIgnorePatterns: ['/node_modules/(?!request-filtering-agent/)'],
  testEnvironment: 'node',
};

module.exports = {
  // A global option (Jest ignores it inside a project): starting an API with its worker takes seconds on a busy machine.
  testTimeout: 60_000,
  // No forceExit: the run leaves nothing open (it exits on its own, seconds after the summary). The test files
  // run in a worker process, which Jest stops at the end, with a warning, should a file ever leave something
  // open; a leaked timer in Jest's own process once held CI for an hour.
  // The end-to-end files run one at a time (they share one database) in a worker process, not in Jest's own
  // (`--maxWorkers=1`): each file leaves up to 100 MB of heap behind (its Nest applications, module registry), and
  // in one process the whole run came near Node's 4 GB heap limit. A worker above this after a file is replaced.
  workerIdleMemoryLimit: '1GB',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: ['<rootDir>/apps/api/src/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
