/**
 * The bundled samples (public/samples/index.json) and the ground truth the synthetic ones carry: the depth as a
 * 16-bit PNG and the object mask, decoded by src/data/synth/groundTruthPng. A sample is named by its `file` (the
 * image's path under samples/), which a stored run keeps, so a reopened run finds its ground truth again.
 */
import type { RgbaImage } from '../data/image/rgba';
import { decodeDepth16Png, decodeMaskPng, type GroundTruthDepth, maskAreaFraction } from '../data/synth/groundTruthPng';
import { useSession } from './sessionStore';

export interface SampleEntry {
  file: string;
  title: string;
  kind: 'synthetic' | 'photo';
  licence: string;
  /** 16-bit ground-truth depth PNG (synthetic samples). */
  depth?: string;
  /** 8-bit ground-truth object mask PNG (synthetic samples). */
  mask?: string;
}

/** What a synthetic sample brings besides its image. */
export interface SampleTruth {
  /** The sample's `file` in index.json (what a stored run keeps). */
  file: string;
  title: string;
  depth: GroundTruthDepth;
  /** Grey RGBA over the whole image, at the ground truth's size. */
  mask: RgbaImage;
  /** Fraction of the mask that is object. */
  maskArea: number;
}

export function sampleUrl(path: string): string {
  return `${import.meta.env.BASE_URL}samples/${path}`;
}

let index: Promise<SampleEntry[]> | null = null;

/** The sample list, fetched once (a failed fetch is tried again next time). */
export function fetchSamples(): Promise<SampleEntry[]> {
  index ??= fetch(sampleUrl('index.json'))
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`index.json: ${r.status} ${r.statusText}`))))
    .then((list: { samples: SampleEntry[] }) => list.samples);
  index.catch(() => {
    index = null;
  });
  return index;
}

async function fetchBytes(path: string): Promise<ArrayBuffer> {
  const r = await fetch(sampleUrl(path));
  if (!r.ok) throw new Error(`${path}: ${r.status} ${r.statusText}`);
  return r.arrayBuffer();
}

/** The sample's ground truth, or null when it carries none (a photo). */
export async function loadSampleTruth(entry: SampleEntry): Promise<SampleTruth | null> {
  if (!entry.depth || !entry.mask) return null;
  const [depthBytes, maskBytes] = await Promise.all([fetchBytes(entry.depth), fetchBytes(entry.mask)]);
  const depth = decodeDepth16Png(depthBytes);
  const mask = decodeMaskPng(maskBytes);
  if (mask.width !== depth.size)
    throw new Error(`${entry.title}: the mask is ${mask.width} px and the depth ${depth.size} px`);
  return { file: entry.file, title: entry.title, depth, mask, maskArea: maskAreaFraction(mask) };
}

/** The ground truth of the sample stored as `file`, or null when no such sample (or no ground truth) is bundled. */
export async function findSampleTruth(file: string): Promise<SampleTruth | null> {
  const entry = (await fetchSamples()).find((s) => s.file === file);
  return entry ? loadSampleTruth(entry) : null;
}

/** Opens a sample as the page's image, with its ground truth when it carries one. */
export async function loadSample(entry: SampleEntry): Promise<boolean> {
  let truth: SampleTruth | null = null;
  let problem: string | null = null;
  try {
    truth = await loadSampleTruth(entry);
  } catch (err) {
    problem = `The ground truth of ${entry.title} could not be loaded (${err instanceof Error ? err.message : String(err)}); it opens as a plain image.`;
  }
  const ok = await useSession.getState().loadUrl(sampleUrl(entry.file), entry.title, truth);
  if (ok && problem) useSession.setState({ error: problem });
  return ok;
}
