/**
 * Deploy suite (npm run test:deploy): opens the package `npm run package:deploy` built and starts it.
 * Its own config because it needs that build first (.ci/run builds it); npm test does not.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/deploy'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  testTimeout: 180000,
  maxWorkers: 1,
};
