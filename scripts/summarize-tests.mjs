// Prints one closing line for the whole suite ("N passed, N failed, N skipped") from the layers' JSON reports.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, stepStatus] = process.argv.slice(2);
const layers = ['unit', 'gpu', 'tools', 'e2e'];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const layer of layers) {
  const file = join(dir, `layer-${layer}.json`);
  if (!existsSync(file)) {
    console.log(`${layer}: no report (the layer did not run or crashed)`);
    if (layer !== 'tools') failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const p = r.numPassedTests ?? 0;
  // A file that failed without a failed test (an import error, a failing hook) counts once; a failed test is not
  // counted again for its describe block and its file (vitest's numFailedTestSuites counts both).
  const brokenFiles = (r.testResults ?? []).filter(
    (file) => file.status === 'failed' && !file.assertionResults?.some((test) => test.status === 'failed'),
  ).length;
  const f = (r.numFailedTests ?? 0) + brokenFiles;
  const s = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`${layer}: ${p} passed, ${f} failed, ${s} skipped`);
  passed += p;
  failed += f;
  skipped += s;
}
// A failed lint/typecheck step counts as one failure so the closing line never hides it.
if (stepStatus !== '0' && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
