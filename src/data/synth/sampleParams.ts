// Everything random about one synthetic sample, drawn from its own seed so any sample can be regenerated
// alone. Ranges follow the issue: yaw +-35 deg, pitch +-20, small roll; light from the method's synface
// step-2 pseudo-sample ranges (method-reference.md section 5).
import { Prng } from './prng';

export interface LightParams {
  ambient: number;
  diffuse: number;
  /** unit direction (x, y, 1)/norm in the method's convention: +y = light from above, +z = from the camera */
  direction: [number, number, number];
}

export interface SampleParams {
  seed: number;
  /** coefficients of the PCA shape modes: 0.7 x N(0,1) clamped to +-2.5 sd */
  shapeCoefficients: number[];
  /** per-axis scale of the face in model space (width, height, depth) */
  axisScale: [number, number, number];
  /** smooth local deformations: Gaussian bumps on the surface, mirrored across the face's midline when symmetric */
  bumps: {
    center: [number, number, number];
    radiusCm: number;
    offsetCm: [number, number, number];
    symmetric: boolean;
  }[];
  textureId: number;
  /** second texture blended in, with its weight (0 = none) */
  mixTextureId: number;
  mixWeight: number;
  /** per-channel multiplicative gains on the albedo (skin tone) */
  toneGain: [number, number, number];
  /** angles in degrees in the method's convention: pitch = rx, yaw = ry, roll = rz with R = Rz Ry Rx */
  yawDeg: number;
  pitchDeg: number;
  rollDeg: number;
  /** framing: scale factor on the nominal face size and image-plane shift (world units at depth 1) */
  scale: number;
  shift: [number, number];
  light: LightParams;
  background: { kind: BackgroundKind; seed: number };
}

export const BACKGROUND_KINDS = ['gradient', 'noise', 'blobs', 'stripes'] as const;
export type BackgroundKind = (typeof BACKGROUND_KINDS)[number];

export interface ParamLimits {
  shapeModeCount: number;
  textureCount: number;
  /** a vertex of the mean shape to centre bumps on, picked by index */
  meanPositions: Float32Array;
}

export function drawSampleParams(seed: number, limits: ParamLimits): SampleParams {
  const rng = new Prng(seed);
  // shrunk by 0.7: the leading modes also carry Human's depth-estimation noise, and full-size draws looked caricatured
  const shapeCoefficients = Array.from({ length: limits.shapeModeCount }, () => 0.7 * rng.clampedNormal(2.5));
  const axisScale: [number, number, number] = [
    1 + 0.05 * rng.clampedNormal(2),
    1 + 0.05 * rng.clampedNormal(2),
    1 + 0.1 * rng.clampedNormal(2),
  ];
  const vertexCount = limits.meanPositions.length / 3;
  const bumps = Array.from({ length: 4 }, () => {
    const v = rng.int(vertexCount);
    const p = limits.meanPositions;
    return {
      center: [p[3 * v], p[3 * v + 1], p[3 * v + 2]] as [number, number, number],
      radiusCm: rng.uniform(1.5, 4.5),
      offsetCm: [0.25 * rng.clampedNormal(2), 0.25 * rng.clampedNormal(2), 0.45 * rng.clampedNormal(2)] as [
        number,
        number,
        number,
      ],
      symmetric: rng.next() < 0.75,
    };
  });
  const textureId = rng.int(limits.textureCount);
  const mixTextureId = rng.int(limits.textureCount);
  // mixing blends two identities' textures; kept light because their features do not line up exactly in UV
  const mixWeight = rng.next() < 0.4 ? rng.uniform(0.1, 0.35) : 0;
  // the photographed faces are mostly light to medium skin: a third of the samples are darkened and warmed
  const dark = rng.next() < 0.35;
  const luminance = dark ? rng.uniform(0.4, 0.78) : rng.uniform(0.85, 1.12);
  const warmth = dark ? rng.uniform(0.0, 0.08) : rng.uniform(-0.03, 0.05);
  const toneGain: [number, number, number] = [
    luminance * (1 + warmth) * (1 + 0.03 * rng.normal()),
    luminance * (1 + 0.03 * rng.normal()),
    luminance * (1 - warmth) * (1 + 0.03 * rng.normal()),
  ];
  const yawDeg = rng.uniform(-35, 35);
  const pitchDeg = rng.uniform(-20, 20);
  const rollDeg = 5 * rng.clampedNormal(2);
  const scale = rng.uniform(0.93, 1.05);
  const shift: [number, number] = [rng.uniform(-0.004, 0.004), rng.uniform(-0.004, 0.004)];
  // light: method synface step 2: dir = normalize(x, y, 1), x ~ U(-.9,.9), y ~ U(-.3,.8), r ~ U(-.1,.7),
  // k_d = k_d0 + r, k_a = k_a0 - 0.4 r, around a neutral k_a0 = 0.75, k_d0 = 0.25
  const lx = rng.uniform(-0.9, 0.9);
  const ly = rng.uniform(-0.3, 0.8);
  const r = rng.uniform(-0.1, 0.7);
  const norm = Math.hypot(lx, ly, 1);
  const light: LightParams = {
    ambient: 0.75 - 0.4 * r,
    diffuse: 0.25 + r,
    direction: [lx / norm, ly / norm, 1 / norm],
  };
  const background = { kind: BACKGROUND_KINDS[rng.int(BACKGROUND_KINDS.length)], seed: rng.nextUint32() };
  return {
    seed,
    shapeCoefficients,
    axisScale,
    bumps,
    textureId,
    mixTextureId,
    mixWeight,
    toneGain,
    yawDeg,
    pitchDeg,
    rollDeg,
    scale,
    shift,
    light,
    background,
  };
}
