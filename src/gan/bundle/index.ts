/** Model bundles (docs/MODEL_BUNDLE.md): types, validation, loading. Node-only helpers live in nodeFileFetch.ts. */
export { BundleError } from './errors';
export type { FetchLike, FileProgress } from './fetchBytes';
export { type BundleProgress, type LoadBundleOptions, loadBundle } from './load';
export * from './manifest';
export { type BundleFiles, ModelBundle } from './modelBundle';
export { validateManifestStructure } from './validate';
export { expectedGain, validateTensors } from './validateTensors';
