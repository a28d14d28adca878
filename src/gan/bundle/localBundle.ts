/**
 * A bundle the user opens from disk (a folder or a .zip of one, as tools/stylegan2/export.py writes it) rather
 * than one served next to the app. The files are already in memory or on disk, so there is nothing to fetch:
 * the bundle is found in the listing (its manifest.json may sit in a sub-folder, as when a folder is zipped),
 * every file the manifest names is checked for before anything is read, and ModelBundle validates the rest
 * (format version, shapes, a truncated weights.bin). The optional companions travel with it: the pretrained
 * encoder (encoder.json + the weights file it names) and the model card (MODEL_CARD.md).
 */

import { BundleError } from './errors';
import { ModelBundle } from './modelBundle';
import { validateManifestStructure } from './validate';

/** Files by path relative to what was opened ('/'-separated), read only when asked for. */
export interface BundleFileSource {
  /** What the user opened (a folder or zip name), for messages. */
  label: string;
  paths: readonly string[];
  read: (path: string) => Promise<Uint8Array>;
}

export interface LocalBundle {
  bundle: ModelBundle;
  /** MODEL_CARD.md's text, when the bundle has one. */
  card: string | null;
  /** Every file read, by plain name (the bundle's folder flattened): what is stored to open it again. */
  files: Map<string, Uint8Array>;
  /** encoder.json and its weights, when the bundle carries a pretrained encoder (parsed by the method's side). */
  encoder: { json: unknown; weights: Uint8Array } | null;
}

export const MANIFEST = 'manifest.json';
export const MODEL_CARD = 'MODEL_CARD.md';
export const ENCODER_JSON = 'encoder.json';
const WHAT_A_BUNDLE_HAS =
  'a model bundle from tools/stylegan2/export.py is a folder with manifest.json, weights.bin, mapping.onnx and synthesis.onnx';

/** Files macOS and Windows add to folders and zips; never a bundle's. */
function isClutter(path: string): boolean {
  return path.split('/').some((part) => part === '__MACOSX' || part.startsWith('._') || part === '.DS_Store');
}

/** The folder prefix ('' or 'name/') that holds the bundle's manifest.json: the shallowest one, which must be alone. */
export function bundleRoot(source: Pick<BundleFileSource, 'label' | 'paths'>): string {
  const manifests = source.paths.filter((p) => !isClutter(p) && (p === MANIFEST || p.endsWith(`/${MANIFEST}`)));
  if (manifests.length === 0) throw new BundleError(`${source.label} has no ${MANIFEST}: ${WHAT_A_BUNDLE_HAS}.`);
  const depth = (p: string) => p.split('/').length;
  const shallowest = Math.min(...manifests.map(depth));
  const top = manifests.filter((p) => depth(p) === shallowest);
  if (top.length > 1)
    throw new BundleError(
      `${source.label} holds more than one model bundle (${top.join(', ')}): open one bundle at a time.`,
    );
  return top[0].slice(0, top[0].length - MANIFEST.length);
}

function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new BundleError(`${what} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Reads, checks and validates the bundle in `source`; throws a BundleError that says what is wrong. */
export async function readLocalBundle(source: BundleFileSource): Promise<LocalBundle> {
  const root = bundleRoot(source);
  const inRoot = new Set(source.paths.filter((p) => p.startsWith(root)).map((p) => p.slice(root.length)));
  const files = new Map<string, Uint8Array>();
  const read = async (name: string) => {
    const bytes = await source.read(root + name);
    files.set(name, bytes);
    return bytes;
  };
  const where = `${source.label}: ${MANIFEST}`;
  const json = parseJson(await read(MANIFEST), where);
  const manifest = validateManifestStructure(json, where);
  const needed = [manifest.weights, manifest.onnx.mapping, manifest.onnx.synthesis];
  const missing = needed.filter((name) => !inRoot.has(name));
  if (missing.length > 0)
    throw new BundleError(
      `${source.label} is missing ${missing.join(', ')} (its ${MANIFEST} names ${needed.join(', ')}; ${WHAT_A_BUNDLE_HAS}).`,
    );
  const [weights, mapping, synthesis] = await Promise.all(needed.map(read));
  const bundle = new ModelBundle({ manifest: json, weights, mapping, synthesis });

  let encoder: LocalBundle['encoder'] = null;
  if (inRoot.has(ENCODER_JSON)) {
    const encoderJson = parseJson(await read(ENCODER_JSON), `${source.label}: ${ENCODER_JSON}`);
    const named = (encoderJson as { weights?: unknown }).weights;
    const weightsName = typeof named === 'string' && !/[/\\]/.test(named) ? named : 'encoder.bin';
    if (!inRoot.has(weightsName))
      throw new BundleError(
        `${source.label} is missing ${weightsName}: its ${ENCODER_JSON} (the pretrained encoder) names it as its weights.`,
      );
    encoder = { json: encoderJson, weights: await read(weightsName) };
  }
  const card = inRoot.has(MODEL_CARD) ? new TextDecoder().decode(await read(MODEL_CARD)) : null;
  return { bundle, card, files, encoder };
}

/** A source over files already in memory (a zip's entries, a stored bundle, the tests' fixtures). */
export function memorySource(label: string, files: ReadonlyMap<string, Uint8Array>): BundleFileSource {
  return {
    label,
    paths: [...files.keys()],
    read: async (path) => {
      const bytes = files.get(path);
      if (!bytes) throw new BundleError(`${label} has no ${path}.`);
      return bytes;
    },
  };
}
