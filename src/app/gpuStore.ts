/** App-wide GPU state: the engine device once created, or why it could not be. */
import { create } from 'zustand';
import { createEngineDevice, type EngineDevice, WebGPUUnavailableError } from '../engine/device';
import { runSmokeCompute, type SmokeResult } from '../engine/smoke';

export type GpuStatus =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'ready'; engine: EngineDevice; smoke: SmokeResult }
  | { kind: 'unavailable'; reason: WebGPUUnavailableError['reason'] | 'error'; message: string }
  /** The device went away (driver reset, GPU process crash): results in the page stay; restart makes a new one. */
  | { kind: 'lost'; message: string };

interface GpuState {
  status: GpuStatus;
  start: () => Promise<void>;
  /** After a loss: a fresh device; the session (image, snapshots) is untouched. */
  restart: () => Promise<void>;
}

export const useGpuStore = create<GpuState>((set, get) => ({
  status: { kind: 'idle' },
  async start() {
    const current = get().status.kind;
    if (current === 'starting' || current === 'ready') return;
    set({ status: { kind: 'starting' } });
    try {
      const engine = await createEngineDevice(typeof navigator !== 'undefined' ? navigator.gpu : undefined);
      engine.lost.then((info) => {
        // Only a device this store still uses counts; the app never destroys its device itself.
        const current = get().status;
        if (current.kind !== 'ready' || current.engine !== engine) return;
        set({ status: { kind: 'lost', message: info.message || 'The GPU device was lost.' } });
      });
      const smoke = await runSmokeCompute(engine.device);
      set({ status: { kind: 'ready', engine, smoke } });
    } catch (err) {
      if (err instanceof WebGPUUnavailableError) {
        set({ status: { kind: 'unavailable', reason: err.reason, message: err.message } });
      } else {
        set({ status: { kind: 'unavailable', reason: 'error', message: String(err) } });
      }
    }
  },
  async restart() {
    if (get().status.kind !== 'lost') return;
    set({ status: { kind: 'idle' } });
    await get().start();
  },
}));
