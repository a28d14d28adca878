/** App-wide GPU state: the engine device once created, or why it could not be. */
import { create } from 'zustand';
import { createEngineDevice, type EngineDevice, WebGPUUnavailableError } from '../engine/device';
import { runSmokeCompute, type SmokeResult } from '../engine/smoke';

export type GpuStatus =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'ready'; engine: EngineDevice; smoke: SmokeResult }
  | { kind: 'unavailable'; reason: WebGPUUnavailableError['reason'] | 'error'; message: string }
  | { kind: 'lost'; message: string };

interface GpuState {
  status: GpuStatus;
  start: () => Promise<void>;
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
        if (info.reason === 'destroyed') return;
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
}));
