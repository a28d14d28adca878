/**
 * A GPU device that is gone (driver reset, a tab in the background too long, destroy()): every read on it fails.
 * The backend turns the browser's bare rejection (often with an empty message) into this error, which says so;
 * callers that keep checkpoints offer to go on from them on a new device.
 */
export class DeviceLostError extends Error {
  constructor(
    readonly reason: string,
    detail: string,
  ) {
    super(`The GPU device was lost (${reason}${detail ? `: ${detail}` : ''}).`);
    this.name = 'DeviceLostError';
  }
}

/** Why the device was lost, or null when it is not (waits a moment: the lost promise may settle after a read fails). */
export async function lossOf(device: GPUDevice, waitMs = 200): Promise<DeviceLostError | null> {
  const info = await Promise.race([
    device.lost,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), waitMs)),
  ]);
  return info ? new DeviceLostError(info.reason ?? 'unknown', info.message) : null;
}
