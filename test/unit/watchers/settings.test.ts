import { loadConfig, ConfigError } from '../../../src/config';
import { loadWatcherSettings } from '../../../src/watchers/settings';

const APP = '46d8463e-640b-4298-825f-a19bbf762b16';

describe('watcher settings', () => {
  test('off by default in production, on in the local demo', () => {
    const problems: string[] = [];
    expect(loadWatcherSettings({}, true, (v) => problems.push(v))).toMatchObject({
      entraRequests: false,
      signIns: false,
      intervalSeconds: 60,
      maxCardsPerRun: 5,
    });
    expect(loadWatcherSettings({}, false, (v) => problems.push(v))).toMatchObject({
      entraRequests: true,
      signIns: true,
    });
    expect(problems).toEqual([]);
  });

  test('explicit values, and the ignore list lower-cased and without repeats', () => {
    const s = loadWatcherSettings(
      {
        WATCH_ENTRA_REQUESTS: 'on',
        WATCH_SIGN_INS: 'false',
        WATCH_INTERVAL_SECONDS: '30',
        WATCH_SIGN_INS_IGNORE_APPS: `${APP.toUpperCase()}, ${APP}`,
      },
      true,
      () => undefined,
    );
    expect(s).toMatchObject({ entraRequests: true, signIns: false, intervalSeconds: 30, ignoredApps: [APP] });
  });

  test('bad values are configuration problems that name the variable', () => {
    expect(() =>
      loadConfig({
        CONSENT_DOCTOR_MODE: 'local',
        WATCH_SIGN_INS: 'maybe',
        WATCH_INTERVAL_SECONDS: '1',
        WATCH_SIGN_INS_IGNORE_APPS: 'outlook',
      }),
    ).toThrow(ConfigError);
    try {
      loadConfig({
        CONSENT_DOCTOR_MODE: 'local',
        WATCH_SIGN_INS: 'maybe',
        WATCH_INTERVAL_SECONDS: '1',
        WATCH_SIGN_INS_IGNORE_APPS: 'outlook',
      });
    } catch (err) {
      expect((err as ConfigError).problems.map((p) => p.variable)).toEqual([
        'WATCH_SIGN_INS',
        'WATCH_INTERVAL_SECONDS',
        'WATCH_SIGN_INS_IGNORE_APPS',
      ]);
    }
  });
});
