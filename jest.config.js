/** Unit, integration and end-to-end suites (npm test). Adversarial, browser and deploy suites have their own configs. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/adversarial/', '/test/browser/', '/test/deploy/'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  testTimeout: 60000,
  maxWorkers: 2,
};
