// Runs ONNX graphs with onnxruntime-web's wasm execution provider under Node and reports, per output, the maximum
// absolute difference to the reference outputs PyTorch wrote. Called by parity.py; usage: node parity.mjs spec.json
// spec: {"cases": [{"model": path, "inputs": {name: {"file", "dims"}}, "outputs": {name: {"file", "dims"}}}]}
// Raw files are little-endian float32. Prints one JSON line: {"results": [{model, output, dims, maxAbsDiff}]}.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';

ort.env.wasm.numThreads = 1;

function readFloat32(file) {
  const bytes = readFileSync(file);
  // Copy: a Buffer's byteOffset need not be 4-aligned.
  return new Float32Array(new Uint8Array(bytes).buffer);
}

async function runCase(testCase) {
  const session = await ort.InferenceSession.create(readFileSync(testCase.model), {
    executionProviders: ['wasm'],
  });
  const feeds = {};
  for (const [name, spec] of Object.entries(testCase.inputs)) {
    feeds[name] = new ort.Tensor('float32', readFloat32(spec.file), spec.dims);
  }
  const outputs = await session.run(feeds);
  const results = [];
  for (const [name, spec] of Object.entries(testCase.outputs)) {
    const actual = outputs[name];
    if (!actual) throw new Error(`${testCase.model}: output ${name} missing`);
    const expected = readFloat32(spec.file);
    if (actual.dims.join(',') !== spec.dims.join(',')) {
      throw new Error(`${testCase.model}: output ${name} has dims ${actual.dims} but PyTorch gave ${spec.dims}`);
    }
    let maxAbsDiff = 0;
    for (let i = 0; i < expected.length; i++) {
      const diff = Math.abs(actual.data[i] - expected[i]);
      // NaN must fail the gate, so compare with !(diff <= max) instead of diff > max.
      if (!(diff <= maxAbsDiff)) maxAbsDiff = Number.isNaN(diff) ? Infinity : diff;
    }
    results.push({ model: testCase.model, output: name, dims: spec.dims, maxAbsDiff });
  }
  await session.release();
  return results;
}

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const results = [];
for (const testCase of spec.cases) results.push(...(await runCase(testCase)));
console.log(JSON.stringify({ runtime: `onnxruntime-web ${ort.env.versions?.web ?? 'unknown'} wasm`, results }));
