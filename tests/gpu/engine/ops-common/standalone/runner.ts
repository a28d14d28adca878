/**
 * Runs the registered gpu test files (through vitest-shim.ts) and optionally the nn-op bandwidth benchmark, under
 * plain Node. Arguments: [name filter] [--bench] [--batch=N]. Exit code 1 when a test fails.
 */
import { getTestBackend } from '../../parity';
import { runNnOpsBandwidth } from '../nn-ops-bandwidth';
import { tests } from './vitest-shim';

export async function runStandalone(argv: readonly string[]): Promise<number> {
  const backend = await getTestBackend();
  const info = backend.device.adapterInfo;
  const adapter = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`.trim();
  console.log(`adapter: ${adapter}`);
  const filter = argv.find((a) => !a.startsWith('--')) ?? '';
  let passed = 0;
  let failed = 0;
  for (const t of tests.filter((x) => x.name.includes(filter))) {
    try {
      await t.fn();
      passed++;
      console.log(`ok   ${t.name}`);
    } catch (err) {
      failed++;
      console.log(`FAIL ${t.name}: ${String((err as Error).message).slice(0, 400)}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (argv.includes('--bench')) {
    const batchArg = argv.find((a) => a.startsWith('--batch='));
    const rows = await runNnOpsBandwidth(backend, 20, batchArg ? Number(batchArg.slice('--batch='.length)) : 16);
    for (const r of rows) {
      console.log(
        `${r.op.padEnd(26)} ${r.shape.padEnd(18)} ${r.microseconds.toFixed(1).padStart(9)} us ${r.gbPerSecond.toFixed(1).padStart(8)} GB/s`,
      );
    }
    console.log(JSON.stringify({ adapter, rows }));
  }
  return failed ? 1 : 0;
}
