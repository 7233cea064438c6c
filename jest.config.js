/** Unit, contract and end-to-end tests share one config. ts-jest only transpiles (type checking is `npm run typecheck`). */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: {
    '^@clause-ledger/(domain|event-store|projections|kafka)$': '<rootDir>/libs/$1/src',
    '^@clause-ledger/(domain|event-store|projections|kafka)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
