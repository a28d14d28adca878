/** A trivial end-to-end compute (saxpy) used by the start page and the harness tests to prove the device works. */
import smokeWgsl from '../../shaders/util/smoke.wgsl?raw';

export interface SmokeResult {
  input: Float32Array;
  output: Float32Array;
  expected: Float32Array;
  maxAbsError: number;
  ok: boolean;
}

export async function runSmokeCompute(device: GPUDevice, n = 1000, a = 2.5, b = -1): Promise<SmokeResult> {
  const input = new Float32Array(n);
  for (let i = 0; i < n; i++) input[i] = (i % 17) - 8 + i / n;
  // Float32 inputs, float32 rounding: GPUs may fuse the multiply-add, so allow a few ulps below.
  const expected = input.map((v) => Math.fround(Math.fround(a * v) + b));

  const module = device.createShaderModule({ code: smokeWgsl, label: 'smoke' });
  const pipeline = device.createComputePipeline({
    layout: 'auto',
    compute: { module, entryPoint: 'main', constants: { WORKGROUP_SIZE: 64 } },
  });
  const params = new ArrayBuffer(16);
  new Uint32Array(params, 0, 1)[0] = n;
  new Float32Array(params, 4, 2).set([a, b]);
  const uniform = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const x = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  const y = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const readback = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    device.queue.writeBuffer(uniform, 0, params);
    device.queue.writeBuffer(x, 0, input);
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: uniform } },
        { binding: 1, resource: { buffer: x } },
        { binding: 2, resource: { buffer: y } },
      ],
    });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(Math.ceil(n / 64));
    pass.end();
    encoder.copyBufferToBuffer(y, 0, readback, 0, n * 4);
    device.queue.submit([encoder.finish()]);
    await readback.mapAsync(GPUMapMode.READ);
    const output = new Float32Array(readback.getMappedRange().slice(0));
    readback.unmap();
    let maxAbsError = 0;
    let ok = true;
    for (let i = 0; i < n; i++) {
      const err = Math.abs(output[i] - expected[i]);
      maxAbsError = Math.max(maxAbsError, err);
      if (!(err <= 1e-6 * Math.max(1, Math.abs(expected[i])) * 4)) ok = false;
    }
    return { input, output, expected, maxAbsError, ok };
  } finally {
    for (const buffer of [uniform, x, y, readback]) buffer.destroy();
  }
}
