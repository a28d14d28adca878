/**
 * Manifest validation, part 2: the tensor table against weights.bin's byte length (alignment, range, overlaps),
 * each tensor's equalized-lr gain against the rules of docs/MODEL_BUNDLE.md, and every tensor the synthesis and
 * discriminator layer lists reference (present, with the shape the layer's channels imply).
 */

import { BundleError } from './errors';
import type { BundleManifest, DiscriminatorLayer, SynthesisLayer, TensorEntry } from './manifest';
import { isFiniteNumber, isObject, isPositiveInt, Problems } from './validate';

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** The gain docs/MODEL_BUNDLE.md prescribes for a tensor, from its name and shape. */
export function expectedGain(name: string, shape: readonly number[], lrMlp: number): number {
  const mapping = /^g_ema\.style\.\d+\.(weight|bias)$/.exec(name);
  if (mapping) return mapping[1] === 'weight' ? lrMlp / Math.sqrt(shape[1]) : lrMlp;
  if (!name.endsWith('.weight') || name.endsWith('.noise.weight')) return 1;
  if (shape.length === 2) return 1 / Math.sqrt(shape[1]);
  if (shape.length === 4) return 1 / Math.sqrt(shape[1] * shape[2] * shape[3]);
  if (shape.length === 5) return 1 / Math.sqrt(shape[2] * shape[3] * shape[4]);
  return 1;
}

function checkEntries(p: Problems, m: BundleManifest, weightsByteLength: number): Map<string, TensorEntry> {
  const byName = new Map<string, TensorEntry>();
  const past: { name: string; end: number }[] = [];
  m.tensors.forEach((t: unknown, i) => {
    if (!isObject(t) || typeof t.name !== 'string') {
      p.add(`tensors[${i}] must be an object with a name`);
      return;
    }
    const where = `tensor "${t.name}"`;
    if (byName.has(t.name)) p.add(`${where} appears twice in the tensor table`);
    if (t.dtype !== 'float32') p.add(`${where}: dtype ${JSON.stringify(t.dtype)} is not supported (float32 only)`);
    if (!Array.isArray(t.shape) || !t.shape.every(isPositiveInt)) {
      p.add(`${where}: shape must be an array of positive integers`);
      return;
    }
    const shape = t.shape as number[];
    if (!isFiniteNumber(t.gain) || t.gain <= 0) p.add(`${where}: gain must be a positive number`);
    else {
      const gain = expectedGain(t.name, shape, m.config.lr_mlp);
      if (Math.abs(t.gain - gain) > 1e-6 * gain)
        p.add(`${where}: gain ${t.gain} should be ${gain} for shape ${formatShape(shape)}`);
    }
    const bytes = shape.reduce((a, b) => a * b, 1) * 4;
    if (t.byteLength !== bytes)
      p.add(`${where}: byteLength ${t.byteLength} does not match shape ${formatShape(shape)} (${bytes} bytes)`);
    if (!Number.isInteger(t.offset) || (t.offset as number) < 0 || (t.offset as number) % m.alignment !== 0)
      p.add(`${where}: offset ${t.offset} is not a non-negative multiple of the alignment ${m.alignment}`);
    else if ((t.offset as number) + bytes > weightsByteLength)
      past.push({ name: t.name, end: (t.offset as number) + bytes });
    byName.set(t.name, t as unknown as TensorEntry);
  });
  // One line for a short file, not one per tensor: a cut download leaves every later tensor past the end.
  if (past.length > 0) {
    const needed = Math.max(...past.map((t) => t.end));
    p.add(
      `${m.weights} is truncated: it has ${weightsByteLength} bytes, the tensor table needs ${needed} ` +
        `(${past.length} of ${m.tensors.length} tensors lie past its end, the first "${past[0].name}")`,
    );
  }
  const sorted = [...byName.values()].filter((t) => Number.isInteger(t.offset)).sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    if (prev.offset + prev.byteLength > sorted[i].offset)
      p.add(`tensors "${prev.name}" and "${sorted[i].name}" overlap in ${m.weights}`);
  }
  return byName;
}

function expectShape(p: Problems, table: Map<string, TensorEntry>, name: string, shape: number[], user: string): void {
  const t = table.get(name);
  if (!t) p.add(`${user} needs tensor "${name}", which is not in the tensor table`);
  else if (!Array.isArray(t.shape) || t.shape.join(',') !== shape.join(','))
    p.add(`tensor "${name}" has shape ${formatShape(t.shape ?? [])}, ${user} expects ${formatShape(shape)}`);
}

function checkSynthesis(p: Problems, m: BundleManifest, table: Map<string, TensorEntry>): void {
  const d = m.config.style_dim;
  m.synthesis.forEach((layer: SynthesisLayer, i) => {
    const user = `synthesis[${i}] (${layer.kind})`;
    if (
      layer.kind !== 'const' &&
      (!Number.isInteger(layer.latent_index) || layer.latent_index < 0 || layer.latent_index >= m.config.n_latent)
    )
      p.add(`${user}: latent_index ${layer.latent_index} is outside 0…${m.config.n_latent - 1}`);
    switch (layer.kind) {
      case 'const':
        expectShape(p, table, layer.tensor, [1, layer.channels, 4, 4], user);
        break;
      case 'styled_conv': {
        const { prefix: q, in_channels: cin, out_channels: cout, resolution: r } = layer;
        expectShape(p, table, `${q}.conv.weight`, [1, cout, cin, 3, 3], user);
        expectShape(p, table, `${q}.conv.modulation.weight`, [cin, d], user);
        expectShape(p, table, `${q}.conv.modulation.bias`, [cin], user);
        expectShape(p, table, `${q}.noise.weight`, [1], user);
        expectShape(p, table, `${q}.activate.bias`, [cout], user);
        expectShape(p, table, layer.noise, [1, 1, r, r], user);
        break;
      }
      case 'to_rgb': {
        const { prefix: q, in_channels: cin } = layer;
        expectShape(p, table, `${q}.conv.weight`, [1, 3, cin, 1, 1], user);
        expectShape(p, table, `${q}.conv.modulation.weight`, [cin, d], user);
        expectShape(p, table, `${q}.conv.modulation.bias`, [cin], user);
        expectShape(p, table, `${q}.bias`, [1, 3, 1, 1], user);
        break;
      }
      default:
        p.add(`${user}: unknown layer kind ${JSON.stringify((layer as { kind: unknown }).kind)}`);
    }
  });
  const last = m.synthesis[m.synthesis.length - 1];
  if (last?.kind !== 'to_rgb' || last.resolution !== m.config.size)
    p.add(`synthesis must end with a to_rgb layer at ${m.config.size} px`);
}

function checkDiscriminator(p: Problems, m: BundleManifest, table: Map<string, TensorEntry>): void {
  m.discriminator.forEach((layer: DiscriminatorLayer, i) => {
    const user = `discriminator[${i}] (${layer.kind})`;
    switch (layer.kind) {
      case 'from_rgb':
        expectShape(p, table, `${layer.prefix}.0.weight`, [layer.out_channels, 3, 1, 1], user);
        expectShape(p, table, `${layer.prefix}.1.bias`, [layer.out_channels], user);
        break;
      case 'res_block': {
        const { prefix: q, in_channels: cin, out_channels: cout } = layer;
        expectShape(p, table, `${q}.conv1.0.weight`, [cin, cin, 3, 3], user);
        expectShape(p, table, `${q}.conv1.1.bias`, [cin], user);
        expectShape(p, table, `${q}.conv2.1.weight`, [cout, cin, 3, 3], user);
        expectShape(p, table, `${q}.conv2.2.bias`, [cout], user);
        expectShape(p, table, `${q}.skip.1.weight`, [cout, cin, 1, 1], user);
        break;
      }
      case 'minibatch_stddev':
        if (!isPositiveInt(layer.group) || !isPositiveInt(layer.features))
          p.add(`${user}: group and features must be positive integers`);
        break;
      case 'final_conv':
        expectShape(p, table, `${layer.prefix}.0.weight`, [layer.out_channels, layer.in_channels, 3, 3], user);
        expectShape(p, table, `${layer.prefix}.1.bias`, [layer.out_channels], user);
        break;
      case 'final_linear':
        expectShape(p, table, `${layer.prefix}.0.weight`, [layer.hidden, layer.in_features], user);
        expectShape(p, table, `${layer.prefix}.0.bias`, [layer.hidden], user);
        expectShape(p, table, `${layer.prefix}.1.weight`, [1, layer.hidden], user);
        expectShape(p, table, `${layer.prefix}.1.bias`, [1], user);
        break;
      default:
        p.add(`${user}: unknown layer kind ${JSON.stringify((layer as { kind: unknown }).kind)}`);
    }
  });
}

/**
 * Checks the tensor table and the layer lists of a structurally valid manifest against the byte length of
 * weights.bin. Throws a BundleError listing every problem.
 */
export function validateTensors(m: BundleManifest, weightsByteLength: number): void {
  const p = new Problems();
  const table = checkEntries(p, m, weightsByteLength);
  const d = m.config.style_dim;
  for (let i = 1; i <= m.config.n_mlp; i++) {
    expectShape(p, table, `g_ema.style.${i}.weight`, [d, d], 'the mapping network');
    expectShape(p, table, `g_ema.style.${i}.bias`, [d], 'the mapping network');
  }
  expectShape(p, table, m.w_avg.tensor, [d], 'w_avg');
  checkSynthesis(p, m, table);
  checkDiscriminator(p, m, table);
  if (p.list.length > 0) throw new BundleError(`Bundle "${m.name}" does not match its ${m.weights}:`, p.list);
}
