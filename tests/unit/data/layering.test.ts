// The dependency direction (docs/ARCHITECTURE.md): src/data is below the method, so no file in src/data may
// import src/gan2shape (evaluations that need the method's prior live in src/gan2shape/eval, CLIs in src/cli).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const DATA = join(ROOT, 'src/data');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|js|mjs)$/.test(e.name) ? [path] : [];
  });
}

/** Every module specifier of static imports/exports, dynamic import() and require(). */
function importSpecifiers(source: string): string[] {
  const specs: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const p of patterns) for (const m of source.matchAll(p)) specs.push(m[1]);
  return specs;
}

describe('src/data does not import the method', () => {
  it('finds imports of every form', () => {
    const text = [
      "import { a } from '../x';",
      "import type {\n  B,\n} from '../../gan2shape/prior/ellipsoid';",
      "export { c } from './c';",
      "import './side-effect';",
      "const m = await import('../dyn');",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(
      expect.arrayContaining(['../x', '../../gan2shape/prior/ellipsoid', './c', './side-effect', '../dyn']),
    );
  });

  it('no file under src/data imports from src/gan2shape', () => {
    const files = sourceFiles(DATA);
    expect(files.length).toBeGreaterThan(10);
    const offenders: string[] = [];
    for (const file of files) {
      for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = relative(ROOT, resolve(dirname(file), spec));
        if (target === 'src/gan2shape' || target.startsWith('src/gan2shape/'))
          offenders.push(`${relative(ROOT, file)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
