// Takes the screenshots in docs/: the folder page and the pool page, light and dark (npm run screenshots).
import { rmSync, writeFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, makeRoot, repo, startServer } from './lib.mjs';

const root = makeRoot();
writeFileSync(join(root, 'a b', 'report 2026.pdf'), Buffer.alloc(2_345_678, 1));
utimesSync(join(root, 'a.txt'), new Date('2026-03-04T05:06:07Z'), new Date('2026-03-04T05:06:07Z'));
const server = await startServer({ root, mode: 'process', workers: 4 });
const browser = await launchBrowser();
try {
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1000, height: 720 }, timezoneId: 'Europe/Berlin' });
    const page = await context.newPage();
    await page.goto(server.url + '?sort=size&order=desc');
    await page.getByRole('button', { name: 'New folder' }).waitFor();
    await page.screenshot({ path: join(repo, 'docs', `web-folder-${colorScheme}.png`), fullPage: true });

    await page.goto(server.url + '.poolhttp/');
    // Some load to watch: three clients downloading in a loop for 12 s, each waiting for its previous download.
    const until = Date.now() + 12_000;
    const client = async () => { while (Date.now() < until) await (await fetch(server.url + 'big/three-million.bin')).arrayBuffer(); };
    await Promise.all([client(), client(), client()]);
    await page.screenshot({ path: join(repo, 'docs', `web-pool-${colorScheme}.png`), fullPage: true });
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(root, { recursive: true, force: true });
}
