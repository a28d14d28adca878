/**
 * What the project needs from the operating system, read from its own sources: the third-party Python modules that
 * tools/, tests/tools, bench/ and scripts/ import, and the binaries the scripts and tests call by name. Each maps
 * to the Debian package that provides it; scripts/setup-system.sh must install every one of them. A machine that
 * already has a package hides a missing entry, so the check reads the code instead of the machine.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Third-party Python module (top-level name) -> the Debian package that provides it. */
export const PYTHON_MODULE_PACKAGES: Record<string, string> = {
  numpy: 'python3-numpy',
  onnx: 'python3-onnx',
  PIL: 'python3-pil',
  torch: 'python3-torch',
};

/** Binary called by name or by /usr/bin path -> the Debian package that provides it. */
export const BINARY_PACKAGES: Record<string, string> = {
  chromium: 'chromium',
  // Alternative locations tried after /usr/bin/chromium (Ubuntu's name, Google's build): the same package serves.
  'chromium-browser': 'chromium',
  'google-chrome': 'chromium',
  python3: 'python3',
  xz: 'xz-utils',
};

/** Binaries every machine of this kind has before setup (Node.js with npm, Debian's base system). */
export const BASE_BINARIES = new Set(['node', 'npm', 'npx', 'apt-get', 'dpkg-query', 'bash', 'git', 'sh']);

/** Top-level packages of this repository that Python code imports as modules. */
const LOCAL_PYTHON_PACKAGES = new Set(['tools', 'tests', 'bench', 'scripts']);

const SOURCE_DIRS = ['tools', 'tests', 'bench', 'scripts', 'src'];
const SKIP_DIRS = new Set(['node_modules', 'fixtures', '__pycache__', 'dist', 'test-artifacts']);

/** This checker's own folder: its examples and patterns are not calls. */
const SELF_DIR = 'tests/unit/scripts';

function walk(root: string, dir: string, out: string[]): void {
  for (const name of readdirSync(join(root, dir))) {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) {
      if (!SKIP_DIRS.has(name) && rel !== SELF_DIR) walk(root, rel, out);
    } else out.push(rel);
  }
}

export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  for (const dir of SOURCE_DIRS) walk(root, dir, out);
  return out.sort();
}

/** The PACKAGES=(...) list of scripts/setup-system.sh. */
export function setupPackages(root: string): string[] {
  const script = readFileSync(join(root, 'scripts/setup-system.sh'), 'utf8');
  const m = /^PACKAGES=\(([^)]*)\)/m.exec(script);
  if (!m) throw new Error('scripts/setup-system.sh has no PACKAGES=(...) line');
  return m[1].split(/\s+/).filter(Boolean);
}

/** Module names of the Python standard library, from the interpreter itself (3.10+). */
export function pythonStdlib(): Set<string> {
  const r = spawnSync('python3', ['-c', 'import sys, json; print(json.dumps(sorted(sys.stdlib_module_names)))'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`python3 could not list its standard library: ${r.stderr || r.error}`);
  return new Set(JSON.parse(r.stdout) as string[]);
}

/** Top-level modules imported by a Python file (absolute imports only; relative ones are local). */
export function pythonImports(source: string): string[] {
  const names = new Set<string>();
  for (const line of source.split('\n')) {
    const from = /^\s*from\s+([A-Za-z_][\w.]*)\s+import\b/.exec(line);
    if (from) names.add(from[1].split('.')[0]);
    const imp = /^\s*import\s+(.+)$/.exec(line);
    if (imp)
      for (const part of imp[1].split(',')) {
        const name = part.trim().split(/\s+/)[0];
        if (/^[A-Za-z_]/.test(name)) names.add(name.split('.')[0]);
      }
  }
  return [...names];
}

/** Binaries a TS/JS/Python/shell source calls: /usr/bin/NAME literals and execFile/spawn('NAME', ...) calls. */
export function calledBinaries(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/['"]\/usr\/bin\/([\w.+-]+)['"]/g)) names.add(m[1]);
  for (const m of source.matchAll(/\b(?:execFileSync|execFile|spawnSync|spawn)\(\s*['"]([\w.+-]+)['"]/g))
    names.add(m[1]);
  return [...names];
}

export interface Requirement {
  what: string;
  package: string | null;
  files: string[];
}

/** Every Python module and binary the sources need, with the package that provides it (null: unknown). */
export function requirements(root: string): Requirement[] {
  const stdlib = pythonStdlib();
  const found = new Map<string, Requirement>();
  const need = (what: string, pkg: string | null, file: string) => {
    const r = found.get(what) ?? { what, package: pkg, files: [] };
    r.files.push(file);
    found.set(what, r);
  };
  for (const file of sourceFiles(root)) {
    if (!/\.(py|ts|tsx|mjs|js|sh)$/.test(file)) continue;
    const source = readFileSync(join(root, file), 'utf8');
    if (file.endsWith('.py')) {
      for (const mod of pythonImports(source)) {
        if (stdlib.has(mod) || LOCAL_PYTHON_PACKAGES.has(mod)) continue;
        need(`python module ${mod}`, PYTHON_MODULE_PACKAGES[mod] ?? null, relative('.', file));
      }
    }
    for (const bin of calledBinaries(source)) {
      if (BASE_BINARIES.has(bin)) continue;
      need(`binary ${bin}`, BINARY_PACKAGES[bin] ?? null, relative('.', file));
    }
  }
  return [...found.values()].sort((a, b) => a.what.localeCompare(b.what));
}

/** Problems as sentences: unknown modules/binaries, and packages the setup script does not install. */
export function coverageProblems(root: string, packages: readonly string[] = setupPackages(root)): string[] {
  const installed = new Set(packages);
  const problems: string[] = [];
  for (const r of requirements(root)) {
    const where = r.files.slice(0, 3).join(', ') + (r.files.length > 3 ? ', ...' : '');
    if (r.package === null)
      problems.push(
        `${r.what} (used in ${where}) has no known Debian package: add it to tests/unit/scripts/systemDeps.ts and to PACKAGES in scripts/setup-system.sh`,
      );
    else if (!installed.has(r.package))
      problems.push(
        `${r.what} (used in ${where}) needs Debian's ${r.package}, which scripts/setup-system.sh does not install`,
      );
  }
  return problems;
}
