import { describe, expect, it } from 'vitest';
import { parseFault } from '../../../src/gan2shape/method/faultInjection';
import { nonFiniteLoss, nonFinitePrediction } from '../../../src/gan2shape/runner/finite';
import type { Snapshot } from '../../../src/gan2shape/runner/types';

describe('fault injection address parameter', () => {
  it('reads step:iteration for every phase and rejects anything else', () => {
    expect(parseFault('step3:4')).toEqual({ step: 'step3', iteration: 4 });
    expect(parseFault(' inversion:0 ')).toEqual({ step: 'inversion', iteration: 0 });
    for (const bad of [null, undefined, '', 'step9:1', 'step3', 'step3:-1', 'step3:x', 'toString:1', 'constructor:1'])
      expect(parseFault(bad)).toBeNull();
  });
});

describe('non-finite checks', () => {
  const snapshot = (): Snapshot => ({ stage: 1, step: 'step2', iteration: 5, size: 1, depth: new Float32Array([1]) });

  it('names the first non-finite loss term', () => {
    expect(nonFiniteLoss({ total: 1, l1: 0.5 })).toBeNull();
    expect(nonFiniteLoss({ total: 1, l1: Number.NaN, perceptual: Infinity })).toEqual({
      term: 'l1',
      value: Number.NaN,
    });
    expect(nonFiniteLoss({ total: -Infinity })).toEqual({ term: 'total', value: -Infinity });
  });

  it('checks the maps, the view and light, and the pseudo samples of a snapshot', () => {
    expect(nonFinitePrediction(snapshot())).toBeNull();
    expect(nonFinitePrediction({ ...snapshot(), view: [0, 0, Number.NaN, 0, 0, 0] })).toBe('view');
    expect(nonFinitePrediction({ ...snapshot(), reconDepth: new Float32Array([Infinity]) })).toBe('reconDepth');
    const pseudo = {
      count: 1,
      images: new Float32Array(3),
      projections: new Float32Array([0, Number.NaN, 0]),
      masks: new Float32Array(1),
    };
    expect(nonFinitePrediction({ ...snapshot(), pseudo })).toBe('projections');
  });
});
