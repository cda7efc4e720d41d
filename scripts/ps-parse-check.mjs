// Parses every .ps1/.psd1/.psm1 file of the repository with tree-sitter-powershell and fails, naming
// file:line:col, on the first syntax error of each file. Used by .ci/pester where pwsh is not installed.
//
//   node --liftoff-only scripts/ps-parse-check.mjs <folder holding node_modules> [repo root]
//
// The grammar rejects a few valid forms; write our scripts without them: unquoted comma lists as command
// arguments (write -Port @(1, 2)), and parameter names containing digits.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modulesHome, repoArg] = process.argv.slice(2);
if (!modulesHome) {
  console.error('usage: ps-parse-check.mjs <folder holding node_modules> [repo root]');
  process.exit(2);
}
const repo = resolve(repoArg ?? join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..'));
const require = createRequire(join(resolve(modulesHome), 'package.json'));
const { Parser, Language } = await import(pathToFileURL(require.resolve('web-tree-sitter')).href);
const grammar = join(require.resolve('tree-sitter-powershell/package.json'), '..', 'tree-sitter-powershell.wasm');

const skipped = new Set(['.git', 'node_modules', 'bin', 'obj', 'out', 'TestResults']);
function* scripts(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skipped.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* scripts(full);
    else if (/\.ps(1|d1|m1)$/i.test(entry.name)) yield full;
  }
}

// The first ERROR or MISSING node in document order, or null.
function firstProblem(node) {
  if (node.type === 'ERROR' || node.isMissing) return node;
  if (!node.hasError) return null;
  for (const child of node.children) {
    const found = firstProblem(child);
    if (found) return found;
  }
  return node;
}

await Parser.init();
const parser = new Parser();
parser.setLanguage(await Language.load(grammar));

let files = 0;
let failures = 0;
for (const file of [...scripts(repo)].sort()) {
  files++;
  const source = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const tree = parser.parse(source);
  const problem = firstProblem(tree.rootNode);
  if (problem) {
    failures++;
    const { row, column } = problem.startPosition;
    const what = problem.isMissing ? `missing ${problem.type.trim() || 'token'}` : 'syntax error';
    const line = source.split('\n')[row] ?? '';
    console.error(`${relative(repo, file)}:${row + 1}:${column + 1}: ${what}\n    ${line.trim()}`);
  }
  tree.delete();
}
console.log(`PowerShell parse check: ${files} files, ${failures} with syntax errors`);
process.exit(failures > 0 ? 1 : 0);
