import { describe, expect, it } from 'vitest';
import {
  calledBinaries,
  coverageProblems,
  PYTHON_MODULE_PACKAGES,
  pythonImports,
  requirements,
  setupPackages,
} from './systemDeps';

const ROOT = process.cwd();

describe('setup-system.sh covers what the code needs from the system', () => {
  it('installs the package of every third-party Python module and every binary the sources use', () => {
    const problems = coverageProblems(ROOT);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('sees the modules the tools really import (the scan is not empty)', () => {
    const whats = requirements(ROOT).map((r) => r.what);
    for (const mod of ['torch', 'numpy', 'onnx', 'PIL']) expect(whats).toContain(`python module ${mod}`);
    expect(whats).toContain('binary chromium');
    expect(whats).toContain('binary python3');
  });

  it('fails when a needed package is taken out of the list', () => {
    const packages = setupPackages(ROOT);
    for (const pkg of [...Object.values(PYTHON_MODULE_PACKAGES), 'chromium']) {
      const problems = coverageProblems(
        ROOT,
        packages.filter((p) => p !== pkg),
      );
      expect(
        problems.some((p) => p.includes(`needs Debian's ${pkg}`)),
        `${pkg} removed`,
      ).toBe(true);
    }
  });

  it('parses the import and call forms the sources use', () => {
    const py =
      'import os, sys\nimport numpy as np\nfrom PIL import Image\n    import torch.nn.functional as F\nfrom .local import x\n';
    expect(pythonImports(py).sort()).toEqual(['PIL', 'numpy', 'os', 'sys', 'torch']);
    const ts = "execFileSync('xz', ['-c']); const p = '/usr/bin/python3'; spawn(\"convert\", [])";
    expect(calledBinaries(ts).sort()).toEqual(['convert', 'python3', 'xz']);
  });
});
