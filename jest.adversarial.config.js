/** Adversarial suite (npm run test:adversarial): authentication, fuzzing, races and faults; loopback only. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/adversarial'],
  testMatch: ['**/*.adversarial.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  testTimeout: 300000,
  maxWorkers: 1,
};
