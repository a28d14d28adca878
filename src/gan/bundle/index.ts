/** Model bundles (docs/MODEL_BUNDLE.md): types, validation, loading (served, or opened from a folder or zip). */
export { BundleError } from './errors';
export type { FetchLike, FileProgress } from './fetchBytes';
export { type BundleProgress, type LoadBundleOptions, loadBundle } from './load';
export { type BundleFileSource, bundleRoot, type LocalBundle, memorySource, readLocalBundle } from './localBundle';
export * from './manifest';
export { type BundleFiles, ModelBundle } from './modelBundle';
export { validateManifestStructure } from './validate';
export { expectedGain, validateTensors } from './validateTensors';
export { zipSource } from './zipSource';
