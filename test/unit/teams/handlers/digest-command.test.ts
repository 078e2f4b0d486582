import { isDigestCommand } from '../../../../src/teams/handlers/digest-command';

test('"digest" is the whole message, after mention removal', () => {
  for (const text of ['digest', ' Digest ', 'DIGEST!', 'digest.', '<at>Consent Doctor</at> digest'])
    expect(isDigestCommand(text)).toBe(true);
  for (const text of ['the digest', 'digest please', 'digests', '', 'x'.repeat(200), null, undefined])
    expect(isDigestCommand(text)).toBe(false);
});
