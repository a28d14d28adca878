/**
 * Runs the renderer's gpu parity cases under plain Node (Dawn), outside vitest:
 *   node --import tsx --import ./bench/render/registerRaw.mjs tests/gpu/render/runStandalone.ts [filter]
 * Exit code 1 when a case fails.
 */
import { RENDER_PARITY_CASES } from './cases';

async function main(): Promise<void> {
  const filter = process.argv[2] ?? '';
  let failed = 0;
  for (const c of RENDER_PARITY_CASES.filter((x) => x.name.includes(filter) || x.group === filter)) {
    const t0 = performance.now();
    const failures = await c.run();
    const ms = (performance.now() - t0).toFixed(0);
    console.log(`${failures.length ? 'FAIL' : 'ok  '} [${c.group}] ${c.name} (${ms} ms)`);
    for (const f of failures) console.log(`     ${f}`);
    if (failures.length) failed++;
  }
  process.exit(failed ? 1 : 0);
}

main();
