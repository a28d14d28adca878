/** Global no-grad switch (like torch.no_grad): ops run but record nothing. */
let disabledDepth = 0;

export function isGradEnabled(): boolean {
  return disabledDepth === 0;
}

export function noGrad<T>(fn: () => T): T {
  disabledDepth++;
  try {
    return fn();
  } finally {
    disabledDepth--;
  }
}
