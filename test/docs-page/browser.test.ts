import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { AsynctionModule } from '../../lib/index.js';
import { readDocument } from '../../lib/document/document.reader.js';
import type { OperationPerspective } from '../../lib/interfaces/asynction-options.interface.js';
import { loadSample } from '../support/samples.js';
import { fixture } from '../support/harness.js';
import { repoFile, startDocsApp } from './support.js';

// The samples are their own program (sample/tsconfig.json): reached at run time, their types stay out of this one.
const { UserHandlers } = await loadSample('account-service/user.handlers.js');
const { AdminHandlers } = await loadSample('chat/admin.handlers.js');
const { ChatHandlers } = await loadSample('chat/chat.handlers.js');

const CHROMIUM = '/usr/bin/chromium';
const CI = process.env.CI === 'true';
const skip =
  !existsSync(CHROMIUM) && !CI
    ? `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run installs it; with CI=true this test fails instead)`
    : false;
/** Where the screenshots go: with the test output, never into the sources. */
const OUTPUT = repoFile('build/test-output');
const CHAT = repoFile('sample/chat/asyncapi.yaml');

/** A page and everything that went wrong in it: console errors, uncaught errors, failed requests, CSP refusals. */
async function open(context: BrowserContext, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP refused ${e.blockedURI} (${e.violatedDirective})`),
    ),
  );
  await page.goto(url);
  return { page, errors };
}

/** Waits for the component to render, then opens every collapsed part (what a reader clicks). */
async function rendered(page: Page): Promise<string> {
  await page.locator('#operations').waitFor();
  for (const button of await page.getByRole('button', { name: 'Expand all' }).all()) {
    if (await button.isVisible()) await button.click();
  }
  return page.locator('#asyncapi').innerText();
}

/** Each event of the document, with its namespace, is on the line the page writes for its operation. */
function assertEveryEvent(text: string, spec: string, perspective: OperationPerspective = 'client'): void {
  const lines = text.split('\n').filter((line) => line.startsWith('socket.io namespace '));
  const { model } = readDocument(spec, { validation: false, perspective });
  let events = 0;
  for (const ns of model.namespaces.values()) {
    for (const [direction, messages] of [
      ['the client emits, the server handles', ns.inbound],
      ['the server emits, the client listens', ns.outbound],
    ] as const) {
      for (const event of messages.keys()) {
        events++;
        const line = lines.find(
          (l) => l.startsWith(`socket.io namespace ${ns.name},`) && l.includes(` ${event}`) && l.includes(direction),
        );
        assert.ok(
          line,
          `no line for event "${event}" of namespace "${ns.name}" (${direction}) in:\n${lines.join('\n')}`,
        );
      }
    }
  }
  assert.ok(events > 0);
}

describe('the docs page in headless Chromium', { skip }, () => {
  let context: BrowserContext;
  let profile: string;

  before(async () => {
    if (!existsSync(CHROMIUM)) assert.fail(`CI=true and ${CHROMIUM} is missing: .ci/run installs it with apt-get`);
    profile = mkdtempSync(join(tmpdir(), 'asynction-chromium-'));
    mkdirSync(OUTPUT, { recursive: true });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: { width: 1280, height: 900 },
      // The machine reaches no network beyond the package registries: nothing in the background.
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('renders the page a running app serves: the title, every namespace and event, no errors', async () => {
    const docs = await startDocsApp(
      'express',
      [AsynctionModule.forRoot({ spec: CHAT, docs: true })],
      [ChatHandlers, AdminHandlers],
    );
    try {
      const { page, errors } = await open(context, docs.url('/docs'));
      const text = await rendered(page);
      assert.equal(await page.title(), 'Chat');
      assert.match(await page.locator('#introduction .text-4xl').first().innerText(), /^Chat\s1\.0\.0$/);
      assertEveryEvent(text, CHAT);
      await page.locator('#introduction').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(OUTPUT, 'docs-page.png') });
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      await docs.close();
    }
  });

  it("shows the handlers of a document read with perspective 'application' as received (Fastify)", async () => {
    const spec = repoFile('sample/account-service/asyncapi.yaml');
    const docs = await startDocsApp(
      'fastify',
      [AsynctionModule.forRoot({ spec, perspective: 'application', docs: true })],
      [UserHandlers],
    );
    try {
      const { page, errors } = await open(context, docs.url('/docs'));
      const text = await rendered(page);
      assertEveryEvent(text, spec, 'application');
      const labels = await page.locator('#operations h3 span[title]').allInnerTexts();
      assert.deepEqual(labels, ['RECEIVE']);
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      await docs.close();
    }
  });

  it('opens the static export of "asynction docs" from file://: the index, then each page (2.6 and 3.0)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'asynction-export-'));
    try {
      const orders = fixture('docs/relative-refs.yaml');
      const inventory = fixture('docs/server-path-v3.yaml');
      const cli = repoFile('build/lib/cli/asynction.js');
      const args = [cli, 'docs', CHAT, orders, inventory, '-o', out];
      const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const { page, errors } = await open(context, pathToFileURL(join(out, 'index.html')).href);
      assert.deepEqual(await page.getByRole('link').allInnerTexts(), ['Chat', 'Orders', 'Inventory']);
      for (const [title, spec] of [
        ['Chat', CHAT],
        ['Orders', orders],
        ['Inventory', inventory],
      ]) {
        await page.getByRole('link', { name: title }).click();
        assertEveryEvent(await rendered(page), spec);
        assert.equal(await page.title(), title);
        if (title === 'Orders') {
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.screenshot({ path: join(OUTPUT, 'docs-export.png') });
        }
        await page.getByRole('link', { name: 'All documents' }).click();
      }
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
