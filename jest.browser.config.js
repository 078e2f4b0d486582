/** Cards rendered by the official Adaptive Cards renderer in headless Chromium (npm run test:browser). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/browser'],
  testMatch: ['<rootDir>/test/browser/**/*.browser.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  testTimeout: 120000,
  // One browser is plenty and the machines are small.
  maxWorkers: 1,
};
