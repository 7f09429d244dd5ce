import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { dossierRegistration } from '@lgsp/contracts/examples/dossier.examples';
import { Scope } from '@lgsp/security';
import { listeningUrl } from '../../apps/gateway/gateway.bootstrap';
import { CHROMIUM_INSTALL_TIMEOUT_MS, launchChromium } from '../support/console/chromium';
import { createTestClient } from '../support/access/test-clients';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, startBusUnderTest } from '../support/e2e/bus-under-test';
import { sendDossierLifeCycles } from '../support/e2e/dossier-traffic';

const ARTIFACTS = join(__dirname, '../artifacts');
/** A breaker opening, a consumer pausing and a lag report each take seconds on a loaded machine. */
const WAIT = { timeout: 90_000 };
const PORTAL = '#connectors tr[data-connector="national-portal"]';
const RED = 'rgb(217, 48, 37)';
const GREEN = 'rgb(30, 142, 62)';

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `console-${name}.png`), fullPage: true });
}

/** The portal connector's backlog as the page shows it. */
async function shownLag(page: Page): Promise<number> {
  return Number(await page.getAttribute(PORTAL, 'data-lag'));
}

/**
 * Waits until the page shows more backlog than `than`. Polled from here: playwright's waitForFunction evaluates
 * its predicate with eval, which the console's CSP (rightly) refuses.
 */
function lagAbove(page: Page, than: number): Promise<number> {
  return expectEventually(
    async () => {
      const lag = await shownLag(page);
      expect(lag).toBeGreaterThan(than);
      return lag;
    },
    { timeoutMs: WAIT.timeout, intervalMs: 250 },
  );
}

// A page-side expression as a string: the project compiles without the DOM library.

/** The colour the operator sees on the portal connector's breaker badge. */
function badgeColour(page: Page): Promise<string> {
  return page.evaluate<string>(
    `getComputedStyle(document.querySelector(${JSON.stringify(`${PORTAL} .state`)})).backgroundColor`,
  );
}

describe('the operators’ console in headless Chromium', () => {
  let bus: BusUnderTest;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    bus = await startBusUnderTest('console');
  }, CHROMIUM_INSTALL_TIMEOUT_MS + 120_000);

  afterAll(async () => {
    await browser?.close();
    await bus?.close();
  });

  it('signs in, shows the portal connector failing and recovering, and replays a dead letter', async () => {
    const operator = await createTestClient(bus.env.schema, {
      clientId: 'console-operator',
      scopes: [Scope.OpsRead, Scope.OpsWrite],
    });
    page = await browser.newPage();
    const refusedByCsp: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refusedByCsp.push(message.text());
    });
    await page.goto(`${listeningUrl(bus.gateway)}/console`);
    // Vietnamese by default; the switch relabels the page in English without a request.
    await page.waitForSelector('h1:text("Bảng điều khiển LGSP")');
    await page.selectOption('#language', 'en');
    await page.waitForSelector('h1:text("LGSP operations console")');
    await page.selectOption('#language', 'vi');

    await page.fill('#client-id', operator.clientId);
    await page.fill('#client-secret', operator.secret);
    await page.fill('#operator', 'an.nguyen');
    await sendDossierLifeCycles(bus, 'console-calm', 2);
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector(`${PORTAL}[data-state="closed"][data-health="healthy"]`, WAIT);
    expect(await badgeColour(page)).toBe(GREEN);
    // The token is held in memory only.
    expect(await page.evaluate<number>('localStorage.length + sessionStorage.length')).toBe(0);
    await screenshot(page, '1-healthy');

    const portal = bus.simulators.controls.nationalPortal;
    await portal.set({ errorRate: 1 });
    await sendDossierLifeCycles(bus, 'console-outage', 10);
    await page.waitForSelector(`${PORTAL}[data-state="open"]`, WAIT);
    expect(await badgeColour(page)).toBe(RED);
    const lagBefore = await lagAbove(page, 0);
    await sendDossierLifeCycles(bus, 'console-outage', 10, 10);
    await lagAbove(page, lagBefore);
    await screenshot(page, '2-open-backlog');

    await portal.clear();
    await page.waitForSelector(`${PORTAL}[data-state="closed"][data-lag="0"]`, WAIT);
    expect(await badgeColour(page)).toBe(GREEN);
    await screenshot(page, '3-recovered');

    // The delay report puts the outage's minutes on the portal's events that waited through it.
    await page.click('#delays-load');
    const delays = await page.waitForSelector(
      '#delays tr[data-partner="national-portal"][data-agency="H56.20"]',
      WAIT,
    );
    expect(Number(await delays.getAttribute('data-outage'))).toBeGreaterThan(0);
    await page.waitForSelector('#delays-audit:has-text("operator-action:")', WAIT);

    // The portal refuses a procedure outside the national catalogue for good: the dossier is dead-lettered.
    const [code] = await sendDossierLifeCycles(bus, 'console-reject', 1);
    const rejected = `${code}-X`;
    const body = { ...dossierRegistration(rejected, 1), procedureCode: '9.999999.000.00.00.H56' };
    expect((await bus.api.post('/v1/dossiers', body)).status).toBe(202);
    const row = await page.waitForSelector(`#dead-letters tr[data-key="${rejected}"]`, WAIT);
    const letterId = await row.getAttribute('data-letter-id');
    await screenshot(page, '4-dead-letter');
    await page.check(`#dead-letters tr[data-letter-id="${letterId}"] input[type=checkbox]`);
    await page.click('#replay');
    await page.waitForSelector(`#status:has-text("Đã gửi lại: ${letterId}")`, WAIT);
    await page.waitForSelector(`#dead-letters tr[data-letter-id="${letterId}"]`, {
      ...WAIT,
      state: 'detached',
    });
    await screenshot(page, '5-replayed');
    expect(refusedByCsp).toEqual([]);
  }, 600_000);
});
