/** Errors raised while loading or validating a model bundle; `problems` lists every issue found, not just the first. */
export class BundleError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(problems.length > 0 ? `${message}\n  - ${problems.join('\n  - ')}` : message);
    this.name = 'BundleError';
  }
}
