// Shared pieces of the browser tests: a PoolHttp server of ours (the built CLI, port 0, a temp root) and Debian's
// Chromium driven by playwright-core (which downloads no browser of its own).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync, readdirSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '../..');
const configuration = process.env.POOLHTTP_CONFIGURATION || 'Release';
export const cli = process.env.POOLHTTP_CLI || join(repo, `src/PoolHttp.Cli/bin/${configuration}/net8.0/poolhttp.dll`);
export const chromiumPath = process.env.POOLHTTP_CHROMIUM || '/usr/bin/chromium';

/** The modes every test runs against. */
export const modes = ['thread', 'process'];

/** Starts `poolhttp serve` on a free loopback port and resolves when it says where it serves. */
export async function startServer({ root, mode = 'thread', workers = 3, args = [] }) {
  const child = spawn('dotnet', [cli, 'serve', '--root', root, '--port', '0', '--mode', mode, '--workers', String(workers), '--quiet', ...args],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the server did not start in 60 s: ${stderr}`)), 60_000);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`the server exited (${code}): ${stderr}`)); });
  });
  return {
    url,
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((ok) => child.once('exit', ok));
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => { if (child.exitCode === null) process.kill(child.pid, 'SIGKILL'); }, 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Debian's Chromium, headless. Playwright gives every launch a fresh --user-data-dir of its own (a new temporary
 * profile, removed on close; it refuses one passed in args), so no state carries from one run to the next.
 */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** A temp root with hostile-ish names, a nested tree, a 3,000,000-byte file and hidden names that must never show. */
export function makeRoot() {
  const root = mkdtempSync(join(tmpdir(), 'poolhttp web ü-'));
  const put = (path, content) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  put('a.txt', 'hello\n');
  put('zeta.bin', Buffer.alloc(5000, 7));
  put('middle.dat', Buffer.alloc(1500, 1));
  put('a b/ç/deep file.txt', 'deep\n');
  put('a b/needle-one.txt', 'one\n');
  put('a b/ç/needle two.txt', 'two two\n');
  put('big/three-million.bin', pseudoRandom(3_000_000));
  put('.secret-needle', 'hidden\n');
  put('.hidden-folder/needle-three.txt', 'hidden\n');
  put('a b/.needle-hidden', 'hidden\n');
  mkdirSync(join(root, 'empty folder'));
  return root;
}

/** Deterministic bytes that do not compress (a zip of them must still round-trip). */
export function pseudoRandom(length, seed = 1) {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Every visible file under a folder as relative path -> SHA-256 (what a zip of it must hold). */
export function visibleTree(folder) {
  const files = {};
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.')) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(folder, full)] = sha256(readFileSync(full));
    }
  };
  walk(folder);
  return files;
}

/** Temporary upload files the server leaves behind (it must leave none). */
export function tempFiles(folder) {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (name.startsWith('.poolhttp-')) found.push(full);
      else if (statSync(full).isDirectory()) walk(full);
    }
  };
  walk(folder);
  return found;
}

/** Waits until a condition holds, polling; fails with the message after the deadline. */
export async function eventually(check, message, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out: ${message}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export { existsSync, readFileSync, join };
