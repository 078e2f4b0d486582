/**
 * Copies the chosen screenshots of the browser walkthrough (test/browser/walkthrough.browser.test.ts,
 * written to test-artifacts/walkthrough/) into docs/images/walkthrough/, where README.md and
 * docs/cards.md show them. Run after `npm run test:browser`: `npm run docs:images`.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const from = join(root, 'test-artifacts', 'walkthrough');
const to = join(root, 'docs', 'images', 'walkthrough');

export const CHOSEN = [
  'answer-pending',
  'signin-approval-required',
  'approval-approver',
  'approval-sign-in',
  'approval-sign-in-code',
  'approval-approved',
  'notice-approved',
  'answer-approved',
  'signin-signed-in',
  'choose-app',
  'approval-approver-deny',
  'notice-denied',
  'approval-withdrawn',
];

mkdirSync(to, { recursive: true });
const missing = CHOSEN.filter((name) => !existsSync(join(from, `${name}.png`)));
if (missing.length > 0) {
  process.stderr.write(`Missing screenshots (run npm run test:browser first): ${missing.join(', ')}\n`);
  process.exit(1);
}
for (const name of CHOSEN) copyFileSync(join(from, `${name}.png`), join(to, `${name}.png`));
process.stdout.write(`Copied ${CHOSEN.length} screenshots to docs/images/walkthrough/\n`);
