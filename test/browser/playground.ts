/**
 * One person in the Microsoft 365 Agents Playground's web UI, driven as a person uses it: type in
 * the compose box, read the cards, press their buttons, follow links. Every wait is for something a
 * person would see; nothing reads the bot's store or the Playground's HTTP API.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { CHROMIUM } from './renderer';

/**
 * The flags the machine notes ask for. Playwright gives every launch a fresh, temporary profile
 * (its own --user-data-dir) and refuses one passed in args, so none is passed here.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Top-level cards only: a ShowCard's inner card is part of its parent. */
const CARD = '.ac-adaptiveCard:not(.ac-adaptiveCard .ac-adaptiveCard)';
export const STEP_MS = 60_000;

export class PlaygroundPerson {
  private constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly shotsDir: string,
  ) {}

  static async open(browser: Browser, name: string, url: string, shotsDir: string): Promise<PlaygroundPerson> {
    // The simulator's sign-in page is served over HTTPS with a local CA.
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 2200 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('[data-lexical-editor=true]').waitFor({ timeout: STEP_MS });
    mkdirSync(shotsDir, { recursive: true });
    return new PlaygroundPerson(name, context, page, shotsDir);
  }

  /** Types a message into the compose box and sends it with Enter. */
  async say(text: string): Promise<void> {
    const box = this.page.locator('[data-lexical-editor=true]');
    await box.click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }

  /** Opens a chat or channel from the left rail (e.g. "Approvals"). */
  async openConversation(name: string): Promise<void> {
    await this.page.getByText(name, { exact: true }).first().click();
  }

  cards(): Locator {
    return this.page.locator(CARD);
  }

  /** The newest card showing `text`, once it is there. */
  async card(text: string | RegExp): Promise<Locator> {
    const card = this.cards().filter({ hasText: text }).last();
    await card.waitFor({ timeout: STEP_MS });
    return card;
  }

  /** Waits until the text (a message or a card's) is visible anywhere in the conversation. */
  async sees(text: string | RegExp): Promise<Locator> {
    const hit = this.page.getByText(text).last();
    await hit.waitFor({ timeout: STEP_MS });
    return hit;
  }

  async press(card: Locator, button: string | RegExp): Promise<void> {
    await card.getByRole('button', { name: button }).last().click();
  }

  /** Presses an Action.OpenUrl button and returns the page it opened. */
  async follow(card: Locator, button: string | RegExp): Promise<Page> {
    // The renderer draws Action.OpenUrl as a button whose accessible name is not always its title.
    const target = card.locator('button, a, [role=button]').filter({ hasText: button }).last();
    const [opened] = await Promise.all([this.context.waitForEvent('page', { timeout: STEP_MS }), target.click()]);
    await opened.waitForLoadState('load');
    return opened;
  }

  /** Screenshot of one card (what docs/images shows) or of the whole window. */
  async shot(name: string, what: Locator | Page = this.page): Promise<string> {
    const path = join(this.shotsDir, `${name}.png`);
    await what.screenshot({ path });
    return path;
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
