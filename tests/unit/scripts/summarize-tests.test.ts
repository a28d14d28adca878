/**
 * The suite's closing line (scripts/summarize-tests.mjs) counts what failed once: a failed test once (not again for
 * its describe block and its file), a file that broke without a failed test once, a missing layer report once.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

type Status = 'passed' | 'failed';

/** A vitest JSON report of files, each a list of test statuses (failed files also fail their describe block). */
function report(files: { status: Status; tests: Status[] }[]) {
  const tests = files.flatMap((f) => f.tests);
  const failedFiles = files.filter((f) => f.status === 'failed').length;
  return {
    numPassedTests: tests.filter((t) => t === 'passed').length,
    numFailedTests: tests.filter((t) => t === 'failed').length,
    numFailedTestSuites: 2 * failedFiles,
    numPendingTests: 0,
    numTodoTests: 0,
    testResults: files.map((f) => ({ status: f.status, assertionResults: f.tests.map((status) => ({ status })) })),
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function summarize(layers: Record<string, ReturnType<typeof report>>, stepStatus = '0') {
  const dir = mkdtempSync(join(tmpdir(), 'summarize-'));
  dirs.push(dir);
  for (const [layer, r] of Object.entries(layers)) writeFileSync(join(dir, `layer-${layer}.json`), JSON.stringify(r));
  const run = spawnSync(process.execPath, ['scripts/summarize-tests.mjs', dir, stepStatus], { encoding: 'utf8' });
  return { lines: run.stdout.trim().split('\n'), status: run.status };
}

const green = report([{ status: 'passed', tests: ['passed', 'passed'] }]);

describe('summarize-tests', () => {
  it('counts a failed test once, not again for its describe block and its file', () => {
    const e2e = report([
      { status: 'failed', tests: ['passed', 'failed'] },
      { status: 'passed', tests: ['passed'] },
    ]);
    const { lines, status } = summarize({ unit: green, gpu: green, tools: green, e2e });
    expect(lines).toContain('e2e: 2 passed, 1 failed, 0 skipped');
    expect(lines.at(-1)).toBe('8 passed, 1 failed, 0 skipped');
    expect(status).toBe(1);
  });

  it('counts a file that broke without a failed test (an import error) once', () => {
    const gpu = report([
      { status: 'failed', tests: [] },
      { status: 'passed', tests: ['passed'] },
    ]);
    const { lines, status } = summarize({ unit: green, gpu, tools: green, e2e: green });
    expect(lines).toContain('gpu: 1 passed, 1 failed, 0 skipped');
    expect(lines.at(-1)).toBe('7 passed, 1 failed, 0 skipped');
    expect(status).toBe(1);
  });

  it('fails on a missing layer report and on a failed lint/typecheck step, passes when all is green', () => {
    expect(summarize({ unit: green, tools: green, e2e: green })).toMatchObject({
      lines: expect.arrayContaining([
        'gpu: no report (the layer did not run or crashed)',
        '6 passed, 1 failed, 0 skipped',
      ]),
      status: 1,
    });
    expect(summarize({ unit: green, gpu: green, tools: green, e2e: green }, '1').status).toBe(1);
    expect(summarize({ unit: green, gpu: green, tools: green, e2e: green })).toEqual({
      lines: [
        ...['unit', 'gpu', 'tools', 'e2e'].map((l) => `${l}: 2 passed, 0 failed, 0 skipped`),
        '8 passed, 0 failed, 0 skipped',
      ],
      status: 0,
    });
  });
});
