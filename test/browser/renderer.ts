/**
 * Renders Adaptive Cards with Microsoft's own renderer (the adaptivecards package Teams' web client
 * builds on) in headless Debian Chromium, driven by playwright-core. One browser, one page per card.
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TEAMS_CSS, TEAMS_HOST_CONFIG } from './host-config';
import { processMarkdown } from './markdown';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const RENDERER = readFileSync(require.resolve('adaptivecards/dist/adaptivecards.js'), 'utf8');
const RENDERER_CSS = readFileSync(require.resolve('adaptivecards/dist/adaptivecards.css'), 'utf8');

export interface RenderEvent {
  phase: 'parse' | 'validation' | 'page';
  event: string;
  message: string;
}

export interface RenderResult {
  /** Everything the renderer or the page reported that is not a mere hint. */
  errors: RenderEvent[];
  /** The card's visible text, as a person reads it. */
  text: string;
  /** Titles of the visible buttons, in order. */
  buttons: string[];
  /** Raw markdown that the renderer left unprocessed (should be none). */
  html: string;
}

export interface ExecutedAction {
  type: string;
  verb: string | null;
  title: string;
  data: unknown;
}

type AC = typeof import('adaptivecards');
interface PageApi {
  AdaptiveCards: AC;
  __processMarkdown: (text: string) => string;
  __executed: ExecutedAction[];
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Runs in the page: parse (collecting parse events), validate, render into #frame. Records executed
 * actions so tests can click buttons and see what Teams would send.
 */
function renderInPage([card, hostConfig]: [object, object]): { events: RenderEvent[]; rendered: boolean } {
  const api = window as unknown as PageApi;
  const AC = api.AdaptiveCards;
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = api.__processMarkdown(text);
    result.didProcess = true;
  };
  const adaptiveCard = new AC.AdaptiveCard();
  adaptiveCard.hostConfig = new AC.HostConfig(hostConfig);
  api.__executed = [];
  adaptiveCard.onExecuteAction = (action) => {
    const verb = action instanceof AC.ExecuteAction ? action.verb : null;
    // Submit and Execute both carry data (with the card's input values merged in by the renderer).
    const data = 'data' in action ? (action as { data: unknown }).data : null;
    api.__executed.push({ type: action.getJsonTypeName(), verb: verb ?? null, title: action.title ?? '', data });
  };
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  adaptiveCard.parse(card, context);
  const hints = new Set<number>([AC.ValidationEvent.Hint, AC.ValidationEvent.Deprecated]);
  const events: RenderEvent[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    if (!hints.has(e.event))
      events.push({ phase: 'parse', event: AC.ValidationEvent[e.event] ?? String(e.event), message: e.message });
  }
  for (const e of adaptiveCard.validateProperties().validationEvents) {
    if (!hints.has(e.event))
      events.push({ phase: 'validation', event: AC.ValidationEvent[e.event] ?? String(e.event), message: e.message });
  }
  const element = adaptiveCard.render();
  const frame = document.getElementById('frame')!;
  frame.replaceChildren();
  // Teams gives "msteams": {"width": "Full"} cards the whole message column.
  const msteams = (card as { msteams?: { width?: string } }).msteams;
  frame.classList.toggle('full', msteams?.width === 'Full');
  if (element) frame.appendChild(element);
  return { events, rendered: element !== undefined };
}

export class CardPage {
  private readonly pageErrors: RenderEvent[] = [];

  private constructor(readonly page: Page) {
    page.on('pageerror', (err) => this.pageErrors.push({ phase: 'page', event: 'pageerror', message: err.message }));
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.pageErrors.push({ phase: 'page', event: 'console.error', message: msg.text() });
    });
  }

  static async open(browser: Browser): Promise<CardPage> {
    const page = await browser.newPage({ viewport: { width: 860, height: 400 }, deviceScaleFactor: 1 });
    // The page is offline by design: any request would mean a card pulls remote content.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(
      `<!doctype html><html><head><meta charset="utf-8"></head><body><div id="frame"></div></body></html>`,
    );
    await page.addStyleTag({ content: RENDERER_CSS + TEAMS_CSS });
    await page.addScriptTag({ content: RENDERER });
    // Functions are shipped as source text. esbuild (tsx) wraps named inner functions in __name(...)
    // calls to keep their names, so the page gets an identity __name; ts-jest output does not need it.
    await page.addScriptTag({
      content: `var __name = (fn) => fn; window.__processMarkdown = ${processMarkdown.toString()};`,
    });
    return new CardPage(page);
  }

  async render(card: object): Promise<RenderResult> {
    this.pageErrors.length = 0;
    const { events, rendered } = await this.page.evaluate(renderInPage, [card, TEAMS_HOST_CONFIG] as [object, object]);
    const frame = this.page.locator('#frame');
    const errors = [...events, ...this.pageErrors];
    if (!rendered) errors.push({ phase: 'page', event: 'render', message: 'AdaptiveCard.render() returned nothing' });
    return {
      errors,
      text: await frame.innerText(),
      buttons: await frame.locator('button.ac-pushButton:visible').allInnerTexts(),
      html: await frame.innerHTML(),
    };
  }

  async click(title: string): Promise<void> {
    await this.page.locator('#frame button.ac-pushButton:visible', { hasText: title }).first().click();
  }

  async executed(): Promise<ExecutedAction[]> {
    return this.page.evaluate(() => (window as unknown as PageApi).__executed);
  }

  async screenshot(path: string): Promise<void> {
    await this.page.locator('#frame').screenshot({ path, animations: 'disabled' });
  }
}
