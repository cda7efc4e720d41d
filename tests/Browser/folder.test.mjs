// The folder page in Debian's Chromium, against both server modes, with what lands on disk checked each time.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, utimesSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { seriousViolations } from './axe.mjs';
import {
  eventually, existsSync, join, launchBrowser, makeRoot, modes, pseudoRandom, readFileSync, sha256, startServer, tempFiles, visibleTree,
} from './lib.mjs';

for (const mode of modes) {
  describe(`folder page (${mode} mode)`, () => {
    let root;
    let server;
    let browser;

    before(async () => {
      root = makeRoot();
      utimesSync(join(root, 'a.txt'), new Date('2026-01-02T03:04:05Z'), new Date('2026-01-02T03:04:05Z'));
      server = await startServer({ root, mode });
      browser = await launchBrowser();
    });

    after(async () => {
      await browser?.close();
      await server?.stop();
      rmSync(root, { recursive: true, force: true });
    });

    async function open(path, options = {}) {
      const context = await browser.newContext({ acceptDownloads: true, ...options });
      const page = await context.newPage();
      const violations = [];
      page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
      const response = await page.goto(server.url + path);
      return { context, page, response, violations };
    }

    test('breadcrumbs name every folder and a ".." row leads up, except at the root', async () => {
      const { context, page } = await open('a%20b/%C3%A7/');
      const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link');
      assert.deepEqual(await crumbs.allTextContents(), ['Home', 'a b', 'ç']);
      assert.equal(await crumbs.nth(1).getAttribute('href'), '/a%20b/');
      await page.getByRole('link', { name: '..', exact: true }).click();
      await page.waitForURL(server.url + 'a%20b/');
      await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Home' }).click();
      await page.waitForURL(server.url);
      assert.equal(await page.getByRole('link', { name: '..', exact: true }).count(), 0);
      await context.close();
    });

    test('the column headers sort by name, size and modified, folders first, in the URL and without JavaScript', async () => {
      for (const javaScriptEnabled of [true, false]) {
        const { context, page } = await open('', { javaScriptEnabled });
        const names = () => page.locator('#listing tbody tr:not(.up) td:first-child a').allTextContents();
        // The headers are buttons of GET forms: the order is in the URL, and no link has a query for a mirror to follow.
        assert.equal(await page.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort'), 'ascending');
        await page.getByRole('button', { name: 'Size', exact: true }).click();
        await page.waitForURL(/\?sort=size&order=asc$/);
        assert.equal(await page.getByRole('columnheader', { name: 'Size' }).getAttribute('aria-sort'), 'ascending');
        assert.equal(await page.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort'), null);
        assert.deepEqual(await names(), ['a b/', 'big/', 'empty folder/', 'a.txt', 'middle.dat', 'zeta.bin']);
        await page.getByRole('button', { name: 'Size', exact: true }).click();
        await page.waitForURL(/\?sort=size&order=desc$/);
        assert.equal(await page.getByRole('columnheader', { name: 'Size' }).getAttribute('aria-sort'), 'descending');
        assert.deepEqual(await names(), ['empty folder/', 'big/', 'a b/', 'zeta.bin', 'middle.dat', 'a.txt']);
        await page.getByRole('button', { name: 'Modified', exact: true }).click();
        await page.waitForURL(/\?sort=modified&order=asc$/);
        assert.equal((await names())[3], 'a.txt'); // the oldest file, set to 2026-01-02
        await context.close();
      }
    });

    test('search lists matches under the folder and its subfolders, never hidden names', async () => {
      const { context, page } = await open('');
      await page.getByRole('searchbox', { name: 'Search' }).fill('NEEDLE');
      await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
      await page.waitForURL(/\?q=NEEDLE$/);
      const names = await page.locator('#listing tbody tr:not(.up) td:first-child a').allTextContents();
      assert.deepEqual(names, ['a b/needle-one.txt', 'a b/ç/needle two.txt']);
      await page.getByRole('link', { name: 'a b/ç/needle two.txt' }).click();
      await page.waitForURL(/needle%20two\.txt$/);
      assert.equal(await page.textContent('body'), 'two two\n');
      await context.close();
    });

    test('sizes are human with the exact bytes in the title; times are <time datetime> shown in the browser\'s zone', async () => {
      const { context, page } = await open('big/', { timezoneId: 'Asia/Kolkata' });
      const size = page.locator('#listing tbody tr:not(.up) td.n').first();
      assert.equal((await size.textContent()).trim(), '2.9 MiB');
      assert.equal(await size.getAttribute('title'), '3,000,000 bytes');
      await context.close();
      const home = await open('', { timezoneId: 'Asia/Kolkata' });
      const time = home.page.getByRole('row', { name: /^a\.txt/ }).locator('time');
      assert.equal(await time.getAttribute('datetime'), '2026-01-02T03:04:05Z');
      assert.equal(await time.textContent(), '2026-01-02 08:34'); // UTC+5:30
      await home.context.close();
      const tokyo = await open('', { timezoneId: 'Asia/Tokyo' });
      assert.equal(await tokyo.page.getByRole('row', { name: /^a\.txt/ }).locator('time').textContent(), '2026-01-02 12:04');
      await tokyo.context.close();
    });

    test('picked files go up as PUTs, each with a progress bar named after it, and the listing refreshes', async () => {
      const { context, page } = await open('a%20b/');
      const one = pseudoRandom(700_000, 3);
      const two = Buffer.from('second file\n');
      const puts = [];
      page.on('request', (r) => { if (r.method() === 'PUT') puts.push(decodeURIComponent(new URL(r.url()).pathname)); });
      await page.locator('#file').setInputFiles([
        { name: 'picked one.bin', mimeType: 'application/octet-stream', buffer: one },
        { name: 'picked-two.txt', mimeType: 'text/plain', buffer: two },
      ]);
      await page.getByRole('progressbar', { name: 'picked one.bin' }).waitFor();
      await page.getByRole('progressbar', { name: 'picked-two.txt' }).waitFor();
      await page.getByRole('status').filter({ hasText: 'Uploads finished: 2 stored' }).waitFor();
      assert.deepEqual(puts, ['/a b/picked one.bin', '/a b/picked-two.txt']);
      assert.equal(sha256(readFileSync(join(root, 'a b', 'picked one.bin'))), sha256(one));
      assert.deepEqual(readFileSync(join(root, 'a b', 'picked-two.txt')), two);
      await page.getByRole('link', { name: 'picked one.bin' }).waitFor();
      assert.equal(await page.getByRole('progressbar', { name: 'picked one.bin' }).getAttribute('value'), '700000');
      assert.deepEqual(tempFiles(root), []);
      await context.close();
    });

    test('the plain form still uploads without JavaScript', async () => {
      const { context, page } = await open('a%20b/', { javaScriptEnabled: false });
      await page.locator('#file').setInputFiles({ name: 'no-script.txt', mimeType: 'text/plain', buffer: Buffer.from('plain form\n') });
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      await page.getByRole('link', { name: 'no-script.txt' }).waitFor();
      assert.equal(readFileSync(join(root, 'a b', 'no-script.txt'), 'utf8'), 'plain form\n');
      assert.equal(await page.getByRole('button', { name: 'New folder' }).count(), 0); // hidden without a script
      await context.close();
    });

    test('"Upload folder" keeps the folder\'s tree', async () => {
      const local = mkdtempSync(join(tmpdir(), 'poolhttp-pick-'));
      mkdirSync(join(local, 'album', 'inner'), { recursive: true });
      writeFileSync(join(local, 'album', 'cover.txt'), 'cover\n');
      writeFileSync(join(local, 'album', 'inner', 'track 1.bin'), pseudoRandom(100_000, 9));
      const { context, page } = await open('');
      await page.getByRole('button', { name: 'Upload folder' }).waitFor();
      await page.locator('#folder').setInputFiles(join(local, 'album'));
      await page.getByRole('status').filter({ hasText: 'Uploads finished' }).waitFor();
      assert.equal(readFileSync(join(root, 'album', 'cover.txt'), 'utf8'), 'cover\n');
      assert.equal(sha256(readFileSync(join(root, 'album', 'inner', 'track 1.bin'))), sha256(pseudoRandom(100_000, 9)));
      await page.getByRole('link', { name: 'album/' }).waitFor();
      await context.close();
      rmSync(local, { recursive: true, force: true });
    });

    test('files dropped anywhere on the page are uploaded', async () => {
      const { context, page } = await open('empty%20folder/');
      const dataTransfer = await page.evaluateHandle(() => {
        const dt = new DataTransfer();
        dt.items.add(new File(['dropped bytes\n'], 'dropped.txt', { type: 'text/plain' }));
        return dt;
      });
      await page.dispatchEvent('main', 'dragover', { dataTransfer });
      assert.equal(await page.evaluate(() => document.body.classList.contains('dropping')), true);
      await page.dispatchEvent('footer', 'drop', { dataTransfer });
      await page.getByRole('status').filter({ hasText: 'Uploads finished: 1 stored' }).waitFor();
      assert.equal(readFileSync(join(root, 'empty folder', 'dropped.txt'), 'utf8'), 'dropped bytes\n');
      rmSync(join(root, 'empty folder', 'dropped.txt'));
      await context.close();
    });

    test('Cancel stops an upload in flight and nothing is left on disk', async () => {
      const { context, page } = await open('big/');
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      // 256 KiB/s up: the 8 MB upload runs long enough to be cancelled half way.
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
      await page.locator('#file').setInputFiles({ name: 'cancelled.bin', mimeType: 'application/octet-stream', buffer: pseudoRandom(8_000_000, 5) });
      const bar = page.getByRole('progressbar', { name: 'cancelled.bin' });
      await eventually(async () => Number(await bar.getAttribute('value')) > 0, 'the upload starts');
      await page.getByRole('button', { name: 'Cancel cancelled.bin' }).click();
      await page.getByText('Cancelled', { exact: true }).waitFor();
      await page.getByRole('status').filter({ hasText: 'Uploads finished: 0 stored' }).waitFor();
      await eventually(() => tempFiles(root).length === 0, 'the server removes the partial upload');
      assert.equal(existsSync(join(root, 'big', 'cancelled.bin')), false);
      await context.close();
    });

    test('a refused upload shows the server\'s message and stores nothing', async () => {
      const limited = await startServer({ root, mode, args: ['--max-upload-size', '1KB'] });
      try {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(limited.url);
        await page.locator('#file').setInputFiles({ name: 'too-big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(5000, 1) });
        const status = page.getByRole('status');
        await status.filter({ hasText: 'Uploads finished: 0 stored' }).waitFor();
        const text = await status.textContent();
        assert.match(text, /too-big\.bin refused/);
        const item = await page.getByRole('listitem').filter({ hasText: 'too-big.bin' }).textContent();
        assert.match(item, /413 .*1024 bytes/);
        assert.match(text, /413/);
        assert.match(text, /1024 bytes/); // the server's own detail, from its problem+json
        assert.equal(existsSync(join(root, 'too-big.bin')), false);
        assert.deepEqual(tempFiles(root), []);
        await context.close();
      } finally {
        await limited.stop();
      }
    });

    test('"New folder" creates the folder (MKCOL) and the listing shows it', async () => {
      const { context, page } = await open('a%20b/');
      page.once('dialog', (d) => d.accept('made here'));
      await page.getByRole('button', { name: 'New folder' }).click();
      await page.getByRole('link', { name: 'made here/' }).waitFor();
      assert.equal(readdirSync(join(root, 'a b', 'made here')).length, 0);
      page.once('dialog', (d) => d.accept('made here'));
      await page.getByRole('button', { name: 'New folder' }).click();
      await page.getByRole('status').filter({ hasText: '405' }).waitFor();
      await context.close();
    });

    test('"Delete NAME" asks first, then deletes; dismissing keeps the file', async () => {
      writeFileSync(join(root, 'doomed.txt'), 'bye\n');
      mkdirSync(join(root, 'doomed folder', 'inside'), { recursive: true });
      writeFileSync(join(root, 'doomed folder', 'inside', 'x.txt'), 'x\n');
      const { context, page } = await open('');
      let asked = '';
      page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
      await page.getByRole('button', { name: 'Delete doomed.txt' }).click();
      assert.match(asked, /doomed\.txt/);
      assert.equal(existsSync(join(root, 'doomed.txt')), true);
      page.once('dialog', (d) => d.accept());
      await page.getByRole('button', { name: 'Delete doomed.txt' }).click();
      await page.getByRole('status').filter({ hasText: 'Deleted doomed.txt' }).waitFor();
      assert.equal(existsSync(join(root, 'doomed.txt')), false);
      assert.equal(await page.getByRole('link', { name: 'doomed.txt' }).count(), 0);
      page.once('dialog', (d) => d.accept());
      await page.getByRole('button', { name: 'Delete doomed folder/' }).click();
      await page.getByRole('status').filter({ hasText: 'Deleted doomed folder' }).waitFor();
      assert.equal(existsSync(join(root, 'doomed folder')), false);
      await context.close();
    });

    test('"Download as zip" streams the folder; unpacked it equals the visible files on disk', async () => {
      const { context, page } = await open('');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download as zip' }).click()]);
      assert.match(download.suggestedFilename(), /\.zip$/);
      const zipPath = join(tmpdir(), `poolhttp-web-${process.pid}-${mode}.zip`);
      await download.saveAs(zipPath);
      const out = mkdtempSync(join(tmpdir(), 'poolhttp-unzip-'));
      execFileSync('unzip', ['-q', zipPath, '-d', out]);
      assert.deepEqual(visibleTree(out), visibleTree(root));
      assert.equal(existsSync(join(out, 'empty folder')), true);
      assert.equal(existsSync(join(out, '.secret-needle')), false);
      assert.equal(existsSync(join(out, '.hidden-folder')), false);
      rmSync(out, { recursive: true, force: true });
      rmSync(zipPath, { force: true });
      await context.close();
    });

    test('dark mode follows prefers-color-scheme', async () => {
      const light = await open('', { colorScheme: 'light' });
      const dark = await open('', { colorScheme: 'dark' });
      const background = (p) => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(await background(light.page), 'rgb(255, 255, 255)');
      assert.equal(await background(dark.page), 'rgb(18, 20, 23)');
      await light.context.close();
      await dark.context.close();
    });

    test('at 360 px wide nothing overflows sideways and every control is on screen', async () => {
      const { context, page } = await open('a%20b/%C3%A7/', { viewport: { width: 360, height: 740 } });
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360);
      for (const name of ['Download as zip', 'Delete deep file.txt', 'New folder']) {
        const box = await page.getByRole('button', { name }).boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= 360, `${name} is within the screen`);
      }
      await context.close();
    });

    test('every control is reachable with the keyboard', async () => {
      const { context, page } = await open('a%20b/');
      await page.getByRole('button', { name: 'New folder' }).waitFor();
      const reached = new Set();
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        reached.add(await page.evaluate(() => {
          const el = document.activeElement;
          const name = el.getAttribute('aria-label') || (el.tagName === 'INPUT' ? el.id : el.textContent.trim());
          return `${el.tagName.toLowerCase()}:${name}`;
        }));
      }
      for (const wanted of ['input:q', 'button:Download as zip', 'button:New folder', 'input:file', 'button:Upload folder', 'button:Upload', 'button:Size', 'a:..', 'button:Delete needle-one.txt']) {
        assert.ok(reached.has(wanted), `${wanted} is reachable by Tab (reached: ${[...reached].join(', ')})`);
      }
      await context.close();
    });

    test('a strict Content-Security-Policy: script and style only from the server, nothing inline, no violation', async () => {
      const { context, page, response, violations } = await open('a%20b/');
      const csp = response.headers()['content-security-policy'];
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.equal(await page.locator('script:not([src])').count(), 0);
      assert.equal(await page.locator('[style]').count(), 0);
      await page.getByRole('button', { name: 'New folder' }).waitFor(); // the script ran
      assert.deepEqual(violations, []);
      await context.close();
    });

    test('a read-only server, or a reader without write access, gets no upload, new-folder or delete controls', async () => {
      const readOnly = await startServer({ root, mode, args: ['--read-only'] });
      const passwordFile = join(tmpdir(), `poolhttp-web-pw-${process.pid}`);
      writeFileSync(passwordFile, 'secret-pw\n');
      const guarded = await startServer({ root, mode, args: ['--user', 'alice', '--password-file', passwordFile, '--anonymous-read'] });
      try {
        for (const url of [readOnly.url, guarded.url]) {
          const context = await browser.newContext();
          const page = await context.newPage();
          await page.goto(url);
          await page.getByRole('link', { name: 'a.txt' }).waitFor();
          assert.equal(await page.getByRole('button', { name: /^Delete/ }).count(), 0);
          assert.equal(await page.getByRole('button', { name: 'New folder' }).count(), 0);
          assert.equal(await page.locator('#upload').count(), 0);
          assert.equal(await page.getByRole('button', { name: 'Download as zip' }).count(), 1);
          await context.close();
        }
        const context = await browser.newContext({ httpCredentials: { username: 'alice', password: 'secret-pw' } });
        const page = await context.newPage();
        await page.goto(guarded.url);
        assert.equal(await page.getByRole('button', { name: 'Delete a.txt' }).count(), 0);
        await page.getByRole('button', { name: 'Sign in to change files' }).click();
        await page.getByRole('button', { name: 'Delete a.txt' }).waitFor();
        await page.goto(guarded.url + 'a%20b/');
        await page.getByRole('button', { name: 'Delete needle-one.txt' }).waitFor();
        await context.close();
      } finally {
        await readOnly.stop();
        await guarded.stop();
        rmSync(passwordFile, { force: true });
      }
    });

    test('axe-core finds no serious or critical violation, light or dark', async () => {
      for (const colorScheme of ['light', 'dark']) {
        for (const path of ['a%20b/', '?q=needle']) {
          const { context, page } = await open(path, { colorScheme });
          await page.getByRole('button', { name: 'New folder' }).waitFor();
          assert.deepEqual(await seriousViolations(page), [], `${path} in ${colorScheme}`);
          await context.close();
        }
      }
    });
  });
}
