/**
 * A model bundle opened from disk (a folder or a zip) made ready for the method: the bundle validated, its
 * pretrained encoder parsed when it carries one, its model card and declared category at hand. The files read are
 * kept so the page can store them and open the same model again on the next visit without asking the user.
 */
import {
  type BundleCategory,
  type BundleFileSource,
  bundleCategory,
  type ModelBundle,
  readLocalBundle,
} from '../../gan/bundle';
import { type PretrainedEncoder, parsePretrainedEncoder } from './pretrainedEncoder';

export interface LocalModel {
  bundle: ModelBundle;
  encoder: PretrainedEncoder | null;
  card: string | null;
  category: BundleCategory;
  /** False when the bundle declares no category and the default was assumed. */
  categoryDeclared: boolean;
  /** The bundle's files by plain name (what reopening it needs). */
  files: Map<string, Uint8Array>;
}

/** Reads and validates everything; throws a BundleError whose message says what is wrong with the bundle. */
export async function openLocalModel(source: BundleFileSource): Promise<LocalModel> {
  const local = await readLocalBundle(source);
  const encoder = local.encoder ? parsePretrainedEncoder(local.encoder.json, local.encoder.weights) : null;
  const { category, declared } = bundleCategory(local.bundle.manifest);
  return { bundle: local.bundle, encoder, card: local.card, category, categoryDeclared: declared, files: local.files };
}
