// Packs the engine's gpu tests and the nn-op benchmark for a machine with a real GPU and no node_modules
// (the lent GPU machine): `node tests/gpu/engine/ops-common/standalone/build.mjs [test-file-filter]` writes
// .gpu-standalone/ (git-ignored through .git/info/exclude): run.mjs (one esbuild bundle, WGSL inlined), the
// webgpu package with the linux-x64 dawn.node (xz), this machine's node binary (xz), the Vulkan loader and
// GLVND debs (apt-get download), and device.sh. Then run with the device tool, carrying .gpu-standalone:
//   bash .gpu-standalone/device.sh [name filter] [--bench] [--batch=256]
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../../../..');
const out = join(root, '.gpu-standalone');
const filter = process.argv[2] ?? '';
mkdirSync(out, { recursive: true });
const exclude = join(root, '.git/info/exclude');
if (!readFileSync(exclude, 'utf8').includes('/.gpu-standalone/')) appendFileSync(exclude, '\n/.gpu-standalone/\n');

const testFiles = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts') && path.includes(filter)) testFiles.push(path);
  }
};
walk(join(root, 'tests/gpu/engine'));
const entry = [
  ...testFiles.sort().map((f) => `import '${relative(out, f)}';`),
  `import { runStandalone } from '${relative(out, join(here, 'runner'))}';`,
  'process.exit(await runStandalone(process.argv.slice(2)));',
].join('\n');
writeFileSync(join(out, 'entry.ts'), entry);

const raw = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: resolve(args.resolveDir, args.path.replace(/\?raw$/, '')),
      namespace: 'raw',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, (args) => ({
      contents: readFileSync(args.path, 'utf8'),
      loader: 'text',
    }));
  },
};
await build({
  entryPoints: [join(out, 'entry.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: join(out, 'run.mjs'),
  external: ['webgpu'],
  alias: { vitest: join(here, 'vitest-shim.ts') },
  plugins: [raw],
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});

const webgpu = join(out, 'node_modules/webgpu');
mkdirSync(webgpu, { recursive: true });
for (const f of ['package.json', 'index.js']) copyFileSync(join(root, 'node_modules/webgpu', f), join(webgpu, f));
const xz = (from, to) => {
  if (!existsSync(to)) writeFileSync(to, execFileSync('xz', ['-T2', '-6', '-c', from], { maxBuffer: 1 << 30 }));
};
xz(join(root, 'node_modules/webgpu/dist/linux-x64/dawn.node'), join(out, 'dawn.node.xz'));
xz(process.execPath, join(out, 'node.xz'));
mkdirSync(join(out, 'debs'), { recursive: true });
if (!readdirSync(join(out, 'debs')).some((f) => f.startsWith('libvulkan1'))) {
  execFileSync(
    'apt-get',
    ['download', 'libvulkan1', 'libegl1', 'libglvnd0', 'libopengl0', 'libgl1', 'libglx0', 'libgles2'],
    {
      cwd: join(out, 'debs'),
      stdio: 'inherit',
    },
  );
}
copyFileSync(join(here, 'device.sh'), join(out, 'device.sh'));
console.log(`packed ${testFiles.length} test files into ${relative(root, out)}/`);
