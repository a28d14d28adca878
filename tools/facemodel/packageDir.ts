// Finds an installed package's folder even when its "exports" map hides package.json.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, 'package.json')) || !dir.endsWith(name.split('/').pop() ?? name)) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`packageDir: cannot locate the folder of ${name}`);
    dir = parent;
  }
  return dir;
}
