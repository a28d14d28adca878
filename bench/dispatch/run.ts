/**
 * `npm run bench:dispatch`: what one dispatch costs on this adapter beyond its host encoding. N dispatches of a
 * one-line kernel (a = a * 0.5 + 1) over E elements go in one submit, timed to onSubmittedWorkDone; the cost per
 * dispatch is (t(250) - t(50)) / 200, so fixed per-submit costs cancel. Both one compute pass for all dispatches
 * and one pass per dispatch (the engine uses one pass per iteration). Small E shows the fixed cost of a
 * dispatch, large E the work. docs/PERFORMANCE.md ("the device side of a dispatch") has the SwiftShader figures.
 */
import { describeAdapter } from '../../src/cli/engine';
import { createEngineDevice } from '../../src/engine/device';
import { createNodeGpu } from '../../src/engine/node/dawn';

const KERNEL = `@group(0) @binding(0) var<storage, read_write> a: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
  if (g.x < arrayLength(&a)) { a[g.x] = a[g.x] * 0.5 + 1.0; }
}`;
const ELEMENTS = [64, 4096, 65536, 262144];

const engine = await createEngineDevice(createNodeGpu().gpu, { label: 'bench:dispatch' });
const device = engine.device;
const pipeline = device.createComputePipeline({
  layout: 'auto',
  compute: { module: device.createShaderModule({ code: KERNEL }), entryPoint: 'main' },
});
const adapter = describeAdapter(engine.adapter);
console.log(`bench:dispatch on ${adapter}`);
const rows: { elements: number; workgroups: number; onePass: number; passEach: number }[] = [];
for (const elements of ELEMENTS) {
  const buffer = device.createBuffer({ size: elements * 4, usage: GPUBufferUsage.STORAGE });
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [{ binding: 0, resource: { buffer } }],
  });
  const workgroups = Math.ceil(elements / 64);
  const time = async (n: number, passEach: boolean) => {
    const encoder = device.createCommandEncoder();
    const passes = passEach ? n : 1;
    for (let p = 0; p < passes; p++) {
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      for (let i = 0; i < (passEach ? 1 : n); i++) pass.dispatchWorkgroups(workgroups);
      pass.end();
    }
    const t0 = performance.now();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    return performance.now() - t0;
  };
  const perDispatch = async (passEach: boolean) => {
    await time(10, passEach); // warm-up
    return ((await time(250, passEach)) - (await time(50, passEach))) / 200;
  };
  const row = { elements, workgroups, onePass: await perDispatch(false), passEach: await perDispatch(true) };
  rows.push(row);
  console.log(
    `${String(elements).padStart(7)} elements (${String(workgroups).padStart(4)} workgroups): ` +
      `${row.onePass.toFixed(3)} ms per dispatch in one pass, ${row.passEach.toFixed(3)} ms with a pass each`,
  );
  buffer.destroy();
}
console.log(JSON.stringify({ date: new Date().toISOString().slice(0, 10), adapter, rows }));
device.destroy();
process.exit(0);
