// The pool page in Debian's Chromium, against both server modes.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { seriousViolations } from './axe.mjs';
import { eventually, launchBrowser, makeRoot, modes, startServer } from './lib.mjs';

const workers = 3;

for (const mode of modes) {
  describe(`pool page (${mode} mode)`, () => {
    let root;
    let server;
    let browser;

    before(async () => {
      root = makeRoot();
      server = await startServer({ root, mode, workers });
      browser = await launchBrowser();
    });

    after(async () => {
      await browser?.close();
      await server?.stop();
      rmSync(root, { recursive: true, force: true });
    });

    const rows = (page) => page.locator('#workers-table tbody tr');
    const column = async (page, index) => (await rows(page).evaluateAll((trs, i) => trs.map((tr) => tr.cells[i].textContent), index));

    test('shows the mode, the worker count and one row per worker with its PID', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const response = await page.goto(server.url + '.poolhttp/');
      assert.match(response.headers()['content-security-policy'], /script-src 'self'/);
      await eventually(async () => (await rows(page).count()) === workers, 'the worker rows appear');
      assert.equal(await page.locator('#mode').textContent(), mode);
      assert.equal(await page.locator('#workers').textContent(), String(workers));
      assert.deepEqual(await column(page, 0), ['1', '2', '3']);
      const pids = (await column(page, 1)).map(Number);
      if (mode === 'thread') assert.deepEqual(pids, [server.pid, server.pid, server.pid]);
      else {
        assert.equal(new Set(pids).size, workers);
        assert.ok(!pids.includes(server.pid));
      }
      assert.deepEqual(await page.getByRole('columnheader').allTextContents(), ['Worker', 'PID', 'Active', 'Succeeded', 'Failed', 'Total']);
      await context.close();
    });

    test('refreshes every second: requests made elsewhere show in the rows, the rates and the chart', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(server.url + '.poolhttp/');
      await eventually(async () => (await rows(page).count()) === workers, 'the worker rows appear');
      const totalBefore = Number(await page.locator('#total').textContent());
      for (let i = 0; i < 40; i++) {
        const answer = await fetch(server.url + 'big/three-million.bin');
        assert.equal((await answer.arrayBuffer()).byteLength, 3_000_000);
      }
      await eventually(async () => Number(await page.locator('#total').textContent()) >= totalBefore + 40, 'the total counts the 40 downloads');
      const perWorker = (await column(page, 5)).map(Number).reduce((a, b) => a + b, 0);
      assert.ok(perWorker >= totalBefore + 40);
      await eventually(async () => parseFloat(await page.locator('#rps').textContent()) > 0, 'requests/s is above 0');
      await eventually(async () => /MiB\/s|KiB\/s/.test(await page.locator('#bps').textContent()), 'bytes/s shows the downloads');
      const line = page.locator('svg.chart polyline.bytes');
      await eventually(async () => (await line.getAttribute('points')).split(' ').length >= 2, 'the chart has points');
      const heights = (await line.getAttribute('points')).split(' ').map((p) => Number(p.split(',')[1]));
      assert.ok(Math.min(...heights) < 120, 'the byte line rises above the baseline');
      await context.close();
    });

    if (mode === 'process') {
      test('a replaced child shows with its new PID', async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(server.url + '.poolhttp/');
        await eventually(async () => (await rows(page).count()) === workers, 'the worker rows appear');
        const before = (await column(page, 1)).map(Number);
        process.kill(before[1], 'SIGKILL'); // a child of the server this test started
        await eventually(async () => {
          const now = (await column(page, 1)).map(Number);
          return now.length === workers && !now.includes(before[1]) && now[0] === before[0] && now[2] === before[2];
        }, 'worker 1 shows a new PID', 30_000);
        await context.close();
      });
    }

    test('axe-core finds no serious or critical violation, light or dark', async () => {
      for (const colorScheme of ['light', 'dark']) {
        const context = await browser.newContext({ colorScheme });
        const page = await context.newPage();
        await page.goto(server.url + '.poolhttp/');
        await eventually(async () => (await rows(page).count()) === workers, 'the worker rows appear');
        await page.locator('svg.chart').waitFor();
        assert.deepEqual(await seriousViolations(page), [], colorScheme);
        await context.close();
      }
    });

    test('usable at 360 px wide and dark when the system is', async () => {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, colorScheme: 'dark' });
      const page = await context.newPage();
      await page.goto(server.url + '.poolhttp/');
      await eventually(async () => (await rows(page).count()) === workers, 'the worker rows appear');
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360);
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(18, 20, 23)');
      await context.close();
    });
  });
}
