import { beforeEach, describe, expect, it } from 'vitest';
import type { SampleTruth } from '../../../src/app/samples';
import { applySnapshot, useSession } from '../../../src/app/sessionStore';
import { type PhaseRunner, Run } from '../../../src/gan2shape/runner/run';
import type { Phase, PseudoSampleSnapshot, Snapshot } from '../../../src/gan2shape/runner/types';

/** A phase runner whose loss halves every iteration and is read back every other one. */
class HalvingRunner implements PhaseRunner {
  private loss = 1;
  begin(): void {
    this.loss = 1;
  }
  async iterate(_phase: Phase, i: number) {
    this.loss /= 2;
    return i % 2 === 1 ? { iteration: i, losses: { total: this.loss, l1: this.loss / 4 } } : undefined;
  }
  end(): void {}
  async snapshot(phase: Phase, iteration: number): Promise<Snapshot> {
    return { stage: phase.stage, step: phase.step, iteration, size: 2, depth: new Float32Array(4).fill(1) };
  }
}

const PHASES: Phase[] = [
  { stage: 0, step: 'prior', iterations: 4 },
  { stage: 1, step: 'step1', iterations: 4 },
];

describe('session store', () => {
  beforeEach(() => {
    useSession.setState({
      run: null,
      runState: 'idle',
      losses: [],
      snapshot: null,
      snapshotCount: 0,
      gan: null,
      pseudo: null,
      truth: null,
    });
  });

  it('records fresh losses per step, snapshots in order and the final state', async () => {
    const run = new Run(PHASES, new HalvingRunner(), { snapshotEvery: 2 });
    useSession.getState().attachRun(run);
    expect(useSession.getState().runState).toBe('running');
    expect(await run.finished).toBe('done');
    const s = useSession.getState();
    expect(s.runState).toBe('done');
    // Two readbacks per phase, each point tagged with its step and every term.
    expect(s.losses.map((l) => l.step)).toEqual(['prior', 'prior', 'step1', 'step1']);
    expect(s.losses.map((l) => l.stage)).toEqual([0, 0, 1, 1]);
    expect(s.losses[3].label).toBe('Stage 1 · Step 1: albedo, iteration 4');
    expect(s.losses.map((l) => l.total)).toEqual([0.25, 0.0625, 0.25, 0.0625]);
    expect(s.losses[3].terms).toEqual({ total: 0.0625, l1: 0.015625 });
    expect(s.snapshotCount).toBe(4);
    expect(s.snapshot?.step).toBe('step1');
    expect(s.snapshot?.iteration).toBe(4);
  });

  it('keeps I_gan and the pseudo samples from the latest snapshot that carried them', () => {
    const base = { size: 2, depth: new Float32Array(4) };
    const pseudo: PseudoSampleSnapshot = {
      count: 1,
      images: new Float32Array(12),
      projections: new Float32Array(12),
      masks: new Float32Array(4),
    };
    let state = { snapshotCount: 0, gan: null, pseudo: null } as Parameters<typeof applySnapshot>[0];
    const apply = (snapshot: Snapshot) => {
      state = applySnapshot(state, snapshot);
      return state;
    };
    const ganImage = new Float32Array(12).fill(0.5);
    apply({ ...base, stage: 0, step: 'inversion', iteration: 3, ganImage, ganPsnr: 21.5 });
    // The prior fit's snapshots carry neither: I_gan stays.
    const afterPrior = apply({ ...base, stage: 0, step: 'prior', iteration: 10 });
    expect(afterPrior.gan).toMatchObject({ step: 'inversion', iteration: 3, psnr: 21.5, size: 2 });
    expect(afterPrior.gan?.image).toBe(ganImage);
    expect(afterPrior.pseudo).toBeNull();
    const afterStep2 = apply({ ...base, stage: 1, step: 'step2', iteration: 2, ganImage, ganPsnr: 21.5, pseudo });
    expect(afterStep2.pseudo).toMatchObject({ stage: 1, step: 'step2', iteration: 2, updates: 1 });
    apply({ ...base, stage: 1, step: 'collect', iteration: 1, pseudo });
    const afterStep3 = apply({ ...base, stage: 1, step: 'step3', iteration: 2 });
    expect(afterStep3.pseudo).toMatchObject({ step: 'collect', updates: 2 });
    expect(afterStep3.pseudo?.samples).toBe(pseudo);
    expect(afterStep3.gan?.step).toBe('step2');
    expect(afterStep3.snapshotCount).toBe(5);
  });

  it('ignores events of a run that was replaced and clears the previous results', async () => {
    const first = new Run(PHASES, new HalvingRunner(), { snapshotEvery: 2 });
    useSession.getState().attachRun(first);
    const second = new Run(PHASES.slice(0, 1), new HalvingRunner(), { snapshotEvery: 4 });
    useSession.getState().attachRun(second);
    expect(await first.finished).toBe('cancelled');
    expect(await second.finished).toBe('done');
    const s = useSession.getState();
    expect(s.losses.every((l) => l.step === 'prior')).toBe(true);
    expect(s.snapshotCount).toBe(1);
  });

  it('a resumed run shows its stored image, preset and done phases first, then its own events', async () => {
    const stored = (step: Snapshot['step'], iteration: number): Snapshot => ({
      stage: 0,
      step,
      iteration,
      size: 2,
      depth: new Float32Array(4),
      ...(step === 'inversion' ? { ganImage: new Float32Array(12), ganPsnr: 30 } : {}),
    });
    const phases: Phase[] = [
      { stage: 0, step: 'inversion', iterations: 2 },
      { stage: 0, step: 'prior', iterations: 2 },
      { stage: 1, step: 'step1', iterations: 2 },
    ];
    const run = new Run(phases, new HalvingRunner(), { snapshotEvery: 2, firstPhase: 2 });
    const source = {
      image: { width: 2, height: 2, data: new Uint8ClampedArray(16) },
      name: 'kept.png',
      originalWidth: 2,
      originalHeight: 2,
      notes: [],
    };
    useSession.getState().attachRun(run, {
      source,
      preset: 'cpu',
      snapshots: [stored('inversion', 2), stored('prior', 2)],
      firstPhase: 2,
    });
    let s = useSession.getState();
    expect(s).toMatchObject({ runState: 'running', preset: 'cpu', firstPhase: 2, snapshotCount: 2 });
    expect(s.source?.name).toBe('kept.png');
    expect(s.snapshot?.step).toBe('prior');
    expect(s.gan?.psnr).toBe(30);
    expect(await run.finished).toBe('done');
    s = useSession.getState();
    expect(s.snapshot?.step).toBe('step1');
    expect(s.snapshotCount).toBe(3);
    // a fresh run starts from its first phase again
    useSession.getState().attachRun(new Run(PHASES, new HalvingRunner(), { snapshotEvery: 2 }));
    expect(useSession.getState().firstPhase).toBe(0);
    useSession.getState().run?.cancel();
  });

  it('reports a run that could not start, keeping the image and clearing stale results', () => {
    useSession.setState({
      snapshotCount: 3,
      gan: { stage: 0, step: 'inversion', iteration: 3, size: 2, image: new Float32Array(12), psnr: 20 },
    });
    useSession.getState().failStart('out of GPU memory');
    const s = useSession.getState();
    expect(s.gan).toBeNull();
    expect(s.runState).toBe('failed');
    expect(s.runError).toBe('out of GPU memory');
    expect(s.snapshotCount).toBe(0);
  });

  it('rejects an unknown preset and clamps the mask ellipse', () => {
    useSession.getState().setPreset('nonsense' as never);
    expect(useSession.getState().preset).toBe('test');
    useSession.getState().setEllipse({ cx: 2, cy: -1, rx: 5, ry: 0 });
    const e = useSession.getState().ellipse;
    expect(e.cx).toBeLessThanOrEqual(1);
    expect(e.cy).toBeGreaterThanOrEqual(0);
    expect(e.ry).toBeGreaterThan(0);
  });

  it("keeps a sample's ground truth with its image: reopened, resumed and restarted runs; the crop stays whole", () => {
    const truth: SampleTruth = {
      file: 'synface/x_image.png',
      title: 'X',
      depth: { size: 2, depth: new Float32Array(4).fill(1.1) },
      mask: { width: 2, height: 2, data: new Uint8ClampedArray(16).fill(255) },
      maskArea: 1,
    };
    const source = {
      image: { width: 40, height: 40, data: new Uint8ClampedArray(40 * 40 * 4) },
      name: 'X',
      originalWidth: 40,
      originalHeight: 40,
      notes: [],
    };
    useSession.getState().showStored(source, [], 'done', undefined, truth);
    expect(useSession.getState().truth).toBe(truth);
    useSession.getState().setCrop({ x: 1, y: 1, size: 20 });
    expect(useSession.getState().crop).toEqual({ x: 0, y: 0, size: 40 });
    // a fresh run of the same image keeps it; a stored run without a sample drops it
    useSession.getState().attachRun(new Run(PHASES, new HalvingRunner(), { snapshotEvery: 2 }));
    expect(useSession.getState().truth).toBe(truth);
    useSession.getState().run?.cancel();
    useSession.getState().showStored(source, [], 'done');
    expect(useSession.getState().truth).toBeNull();
    useSession.getState().setCrop({ x: 1, y: 1, size: 20 });
    expect(useSession.getState().crop).toEqual({ x: 1, y: 1, size: 20 });
    const run = new Run(PHASES, new HalvingRunner(), { snapshotEvery: 2, firstPhase: 1 });
    useSession.getState().attachRun(run, { source, preset: 'test', snapshots: [], firstPhase: 1, truth });
    expect(useSession.getState().truth).toBe(truth);
    run.cancel();
  });
});
