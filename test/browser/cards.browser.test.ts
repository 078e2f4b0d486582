/**
 * Every card, rendered by Microsoft's adaptivecards renderer in headless Chromium with a Teams-like
 * host config: no parse or validation errors, no page errors, the expected texts and buttons, and a
 * screenshot per card in docs/images/cards/ (shown in docs/cards.md).
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { readPngHeader } from '../../src/app-package/png';
import { SAMPLES } from './card-samples';
import { CHROMIUM, CardPage, launch } from './renderer';

const IMAGES = join(__dirname, '..', '..', 'docs', 'images', 'cards');

let browser: Browser;
let page: CardPage;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: run scripts/install-chromium.sh (or set CHROMIUM_PATH)`);
  mkdirSync(IMAGES, { recursive: true });
  browser = await launch();
  page = await CardPage.open(browser);
});

afterAll(async () => {
  await browser?.close();
});

describe.each(SAMPLES.map((s) => [s.name, s] as const))('%s card', (name, sample) => {
  test('renders without errors, with the expected texts and buttons', async () => {
    const result = await page.render(sample.card);
    expect(result.errors).toEqual([]);
    for (const text of sample.texts) expect(result.text).toContain(text);
    expect(result.buttons).toEqual(sample.buttons);
    // Everything the templates produce is processed: no raw markdown, date functions or bindings left.
    expect(result.text).not.toMatch(/\*\*|\{\{(DATE|TIME)\(|\$\{/);
    expect(result.html).not.toContain('<script');
    const file = join(IMAGES, `${name}.png`);
    await page.screenshot(file);
    const { width, height } = readPngHeader(readFileSync(file));
    expect(width).toBeGreaterThan(300);
    expect(height).toBeGreaterThan(40);
    // Small enough to commit.
    expect(statSync(file).size).toBeLessThan(200_000);
  });
});

test('docs/cards.md shows every card', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'cards.md'), 'utf8');
  for (const name of [...SAMPLES.map((s) => s.name), 'approval-approver-deny'])
    expect(doc).toContain(`](images/cards/${name}.png)`);
});

describe('clicking in the rendered cards', () => {
  test('Approve for everyone sends verb approveAll with only {requestId, mac}', async () => {
    const sample = SAMPLES.find((s) => s.name === 'approval-approver')!;
    await page.render(sample.card);
    await page.click('Approve for everyone');
    const [executed] = await page.executed();
    expect(executed).toMatchObject({ type: 'Action.Execute', verb: 'approveAll' });
    expect(Object.keys(executed!.data as object).sort()).toEqual(['mac', 'requestId']);
    expect(executed!.data).toMatchObject({ requestId: 'req-0001' });
  });

  test('Approve on the sign-in card repeats the click with its ticked toggle and sends the typed code', async () => {
    const sample = SAMPLES.find((s) => s.name === 'approval-sign-in')!;
    await page.render(sample.card);
    await page.page.locator('#frame input[type=text]').first().fill('123456');
    await page.click('Approve');
    const [executed] = await page.executed();
    expect(executed).toMatchObject({ type: 'Action.Execute', verb: 'approveAll' });
    expect(executed!.data).toMatchObject({
      requestId: 'req-0001',
      confirm_0: '00000003-0000-0000-c000-000000000000/Sites.FullControl.All',
      magicCode: '123456',
    });
  });

  test('Deny opens the reason box, and an empty reason is not sent', async () => {
    const sample = SAMPLES.find((s) => s.name === 'approval-approver')!;
    const result = await page.render(sample.card);
    expect(result.errors).toEqual([]);
    await page.click('Deny');
    await page.page.locator('#frame textarea, #frame input[type=text]').first().waitFor({ state: 'visible' });
    await page.screenshot(join(IMAGES, 'approval-approver-deny.png'));
    await page.click('Deny request');
    // The required reason blocks the action in the renderer, as it does in Teams.
    expect(await page.executed()).toEqual([]);
    await page.page
      .locator('#frame textarea, #frame input[type=text]')
      .first()
      .fill('Use the approved connector instead.');
    await page.click('Deny request');
    const [executed] = await page.executed();
    expect(executed).toMatchObject({
      type: 'Action.Execute',
      verb: 'deny',
      data: { requestId: 'req-0001', denyReason: 'Use the approved connector instead.' },
    });
  });
});
