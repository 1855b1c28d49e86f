// Holds the layering of docs/architecture.md: lower layers never import higher ones.
// src/adql imports nothing outside itself (no npm packages, no node: modules: it runs in a browser);
// src/fits, src/wcs and src/formats import nothing from the HTTP side.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HTTP_SIDE = ['src/http', 'src/tap', 'src/uws', 'src/vosi', 'src/web', 'src/cli', 'src/server.ts', 'src/images', 'src/hips'];
const HTTP_PACKAGES = /^(koa|@koa\/|supertest)/;

interface Rule {
  layer: string;
  check(spec: string, resolved: string | undefined): string | undefined;
}

const inside = (p: string, dir: string): boolean => p === path.join(root, dir) || p.startsWith(path.join(root, dir) + path.sep);

const rules: Rule[] = [
  {
    layer: 'src/adql',
    check: (spec, resolved) => resolved === undefined ? `imports "${spec}" (src/adql must stay dependency-free and browser-safe)`
      : inside(resolved, 'src/adql') ? undefined : `imports ${path.relative(root, resolved)} from outside src/adql`,
  },
  ...['src/fits', 'src/wcs', 'src/formats'].map((layer): Rule => ({
    layer,
    check: (spec, resolved) => resolved === undefined ? (HTTP_PACKAGES.test(spec) ? `imports HTTP package "${spec}"` : undefined)
      : HTTP_SIDE.some((d) => inside(resolved, d)) ? `imports ${path.relative(root, resolved)} from the HTTP side` : undefined,
  })),
];

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.(ts|mts|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

const problems: string[] = [];
for (const rule of rules) {
  for (const file of files(path.join(root, rule.layer))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2]) as string;
      const resolved = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : undefined;
      const msg = rule.check(spec, resolved);
      if (msg) problems.push(`${path.relative(root, file)}: ${msg}`);
    }
  }
}
if (problems.length) {
  console.error(`layering violations (docs/architecture.md):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('layers: ok');
