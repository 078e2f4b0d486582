/** Unit, integration and end-to-end suites (npm test). Adversarial and browser suites have their own configs. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/adversarial/', '/test/browser/'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  testTimeout: 60000,
  maxWorkers: 2,
};
