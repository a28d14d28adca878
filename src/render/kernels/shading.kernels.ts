/**
 * Kernels of the shading family: normals from depth, Lambertian diffuse shading, canonical texture, and the
 * final image clamp. cpu = the float64 reference (src/render/reference), webgpu = shaders/render/*.wgsl.
 */
import { defineKernel } from '../../engine/kernel';
import type { Tensor } from '../../engine/tensor';
import { f32, u32 } from '../../engine/webgpu/uniforms';
import { dispatchRender, reducePartials } from '../gpu/dispatch';
import { makeCamera } from '../reference/camera';
import { clampUnit, clampUnitBackward } from '../reference/clamp';
import { normalsBackward, normalsForward } from '../reference/normals';
import { diffuseBackward, diffuseForward, textureBackward, textureForward } from '../reference/shading';
import { depthDims, expectBroadcast, expectSpatial, imageDims, paramBatch } from '../shapes';

export interface CameraParams {
  /** Field of view in degrees (default 10, the method's). */
  fovDegrees?: number;
}

function cameraUniforms(height: number, width: number, fovDegrees?: number) {
  const cam = makeCamera(height, width, fovDegrees);
  return [f32(cam.f), f32(cam.cx), f32(cam.cy)];
}

/** depth [B, H, W] -> normals [B, 3, H, W]. */
export const normalsForwardKernel = defineKernel<CameraParams>({
  name: 'render.normals.forward',
  arity: 1,
  cpu: (backend, [depth], p) => {
    const { batch, height, width } = depthDims('normals depth', depth);
    const out = normalsForward(backend.data(depth), batch, height, width, p.fovDegrees);
    return backend.adopt(out, [batch, 3, height, width]);
  },
  webgpu: (backend, [depth], p) => {
    const { batch, height, width } = depthDims('normals depth', depth);
    const out = backend.empty([batch, 3, height, width]);
    dispatchRender(backend, {
      shader: 'normalsForward',
      uniforms: [u32(batch), u32(height), u32(width), ...cameraUniforms(height, width, p.fovDegrees)],
      inputs: [depth],
      outputs: [out],
      threads: batch * height * width,
    });
    return out;
  },
});

/** [depth, gradNormals] -> gradDepth. */
export const normalsBackwardKernel = defineKernel<CameraParams>({
  name: 'render.normals.backward',
  arity: 2,
  cpu: (backend, [depth, grad], p) => {
    const { batch, height, width } = depthDims('normals depth', depth);
    return backend.adopt(
      normalsBackward(backend.data(depth), backend.data(grad), batch, height, width, p.fovDegrees),
      depth.shape,
    );
  },
  webgpu: (backend, [depth, grad], p) => {
    const { batch, height, width } = depthDims('normals depth', depth);
    const out = backend.empty(depth.shape);
    dispatchRender(backend, {
      shader: 'normalsBackward',
      uniforms: [u32(batch), u32(height), u32(width), ...cameraUniforms(height, width, p.fovDegrees)],
      inputs: [depth, grad],
      outputs: [out],
      threads: batch * height * width,
    });
    return out;
  },
});

function diffuseDims(normals: Tensor, light: Tensor) {
  const n = imageDims('diffuse normals', normals);
  if (n.channels !== 3) throw new Error(`diffuse normals: expected 3 channels, got ${n.channels}`);
  const views = paramBatch('diffuse light', light, 4);
  expectBroadcast('diffuse normals', n.batch, views);
  return { views, normalBatch: n.batch, height: n.height, width: n.width, hw: n.height * n.width };
}

/** [normals [Bn,3,H,W], light [B,4]] -> diffuse [B,1,H,W]. */
export const diffuseForwardKernel = defineKernel<Record<string, never>>({
  name: 'render.diffuse.forward',
  arity: 2,
  cpu: (backend, [normals, light]) => {
    const d = diffuseDims(normals, light);
    const out = diffuseForward(backend.data(normals), d.normalBatch, backend.data(light), d.height, d.width);
    return backend.adopt(out, [d.views, 1, d.height, d.width]);
  },
  webgpu: (backend, [normals, light]) => {
    const d = diffuseDims(normals, light);
    const out = backend.empty([d.views, 1, d.height, d.width]);
    dispatchRender(backend, {
      shader: 'diffuseForward',
      uniforms: [u32(d.views), u32(d.normalBatch), u32(d.hw)],
      inputs: [normals, light],
      outputs: [out],
      threads: d.views * d.hw,
    });
    return out;
  },
});

export interface DiffuseGrads {
  gradNormals: Tensor;
  gradLight: Tensor;
}

/** [normals, light, gradDiffuse] -> { gradNormals, gradLight }. */
export const diffuseBackwardKernel = defineKernel<Record<string, never>, DiffuseGrads>({
  name: 'render.diffuse.backward',
  arity: 3,
  cpu: (backend, [normals, light, grad]) => {
    const d = diffuseDims(normals, light);
    const g = diffuseBackward(
      backend.data(normals),
      d.normalBatch,
      backend.data(light),
      d.height,
      d.width,
      backend.data(grad),
    );
    return {
      gradNormals: backend.adopt(g.gradNormals, normals.shape),
      gradLight: backend.adopt(g.gradLight, light.shape),
    };
  },
  webgpu: (backend, [normals, light, grad]) => {
    const d = diffuseDims(normals, light);
    const uniforms = [u32(d.views), u32(d.normalBatch), u32(d.hw)];
    const gradNormals = backend.empty(normals.shape);
    dispatchRender(backend, {
      shader: 'diffuseBackwardNormals',
      uniforms,
      inputs: [normals, light, grad],
      outputs: [gradNormals],
      threads: d.normalBatch * d.hw,
    });
    const partial = backend.empty([d.views, d.hw, 4]);
    dispatchRender(backend, {
      shader: 'diffuseBackwardLight',
      uniforms,
      inputs: [normals, light, grad],
      outputs: [partial],
      threads: d.views * d.hw,
    });
    const gradLight = reducePartials(backend, partial);
    partial.release();
    return { gradNormals, gradLight };
  },
});

function textureDims(albedo: Tensor, diffuse: Tensor, light: Tensor) {
  const a = imageDims('texture albedo', albedo);
  if (a.channels !== 3) throw new Error(`texture albedo: expected 3 channels, got ${a.channels}`);
  const views = paramBatch('texture light', light, 4);
  expectBroadcast('texture albedo', a.batch, views);
  const dd = imageDims('texture diffuse', diffuse);
  if (dd.batch !== views || dd.channels !== 1) throw new Error(`texture diffuse: expected [${views}, 1, H, W]`);
  expectSpatial('texture diffuse', diffuse, a.height, a.width);
  return { views, albedoBatch: a.batch, height: a.height, width: a.width, hw: a.height * a.width };
}

/** [albedo [Ba,3,H,W], diffuse [B,1,H,W], light [B,4]] -> texture [B,3,H,W]. */
export const textureForwardKernel = defineKernel<Record<string, never>>({
  name: 'render.texture.forward',
  arity: 3,
  cpu: (backend, [albedo, diffuse, light]) => {
    const d = textureDims(albedo, diffuse, light);
    const out = textureForward(
      backend.data(albedo),
      d.albedoBatch,
      backend.data(diffuse),
      backend.data(light),
      d.height,
      d.width,
    );
    return backend.adopt(out, [d.views, 3, d.height, d.width]);
  },
  webgpu: (backend, [albedo, diffuse, light]) => {
    const d = textureDims(albedo, diffuse, light);
    const out = backend.empty([d.views, 3, d.height, d.width]);
    dispatchRender(backend, {
      shader: 'textureForward',
      uniforms: [u32(d.views), u32(d.albedoBatch), u32(d.hw)],
      inputs: [albedo, diffuse, light],
      outputs: [out],
      threads: d.views * d.hw,
    });
    return out;
  },
});

export interface TextureGrads {
  gradAlbedo: Tensor;
  /** null with albedoOnly. */
  gradDiffuse: Tensor | null;
  gradLight: Tensor | null;
}

export interface TextureBackwardParams {
  /**
   * Only the albedo gradient: shading and light are constants (step 1 trains only the albedo), so their gradients,
   * with the light's reduction over pixels (three dispatches), are not computed.
   */
  albedoOnly?: boolean;
}

/** [albedo, diffuse, light, gradTexture] -> { gradAlbedo, gradDiffuse, gradLight }. */
export const textureBackwardKernel = defineKernel<TextureBackwardParams, TextureGrads>({
  name: 'render.texture.backward',
  arity: 4,
  cpu: (backend, [albedo, diffuse, light, grad], p) => {
    const d = textureDims(albedo, diffuse, light);
    const g = textureBackward(
      backend.data(albedo),
      d.albedoBatch,
      backend.data(diffuse),
      backend.data(light),
      d.height,
      d.width,
      backend.data(grad),
    );
    return {
      gradAlbedo: backend.adopt(g.gradAlbedo, albedo.shape),
      gradDiffuse: p.albedoOnly ? null : backend.adopt(g.gradDiffuse, diffuse.shape),
      gradLight: p.albedoOnly ? null : backend.adopt(g.gradLight, light.shape),
    };
  },
  webgpu: (backend, [albedo, diffuse, light, grad], p) => {
    const d = textureDims(albedo, diffuse, light);
    const uniforms = [u32(d.views), u32(d.albedoBatch), u32(d.hw)];
    const gradAlbedo = backend.empty(albedo.shape);
    dispatchRender(backend, {
      shader: 'textureBackwardAlbedo',
      uniforms,
      inputs: [diffuse, light, grad],
      outputs: [gradAlbedo],
      threads: d.albedoBatch * d.hw,
    });
    if (p.albedoOnly) return { gradAlbedo, gradDiffuse: null, gradLight: null };
    const gradDiffuse = backend.empty(diffuse.shape);
    const partial = backend.empty([d.views, d.hw, 4]);
    dispatchRender(backend, {
      shader: 'textureBackward',
      uniforms,
      inputs: [albedo, diffuse, light, grad],
      outputs: [gradDiffuse, partial],
      threads: d.views * d.hw,
    });
    const gradLight = reducePartials(backend, partial);
    partial.release();
    return { gradAlbedo, gradDiffuse, gradLight };
  },
});

/** clamp(x, -1, 1), the reconstruction's last step. */
export const clampImageKernel = defineKernel<Record<string, never>>({
  name: 'render.clamp.forward',
  arity: 1,
  cpu: (backend, [x]) => backend.adopt(clampUnit(backend.data(x)), x.shape),
  webgpu: (backend, [x]) => {
    const out = backend.empty(x.shape);
    dispatchRender(backend, {
      shader: 'clampImage',
      uniforms: [u32(x.size)],
      inputs: [x],
      outputs: [out],
      threads: x.size,
    });
    return out;
  },
});

/** [x, gradOut] -> gradOut where -1 <= x <= 1, else 0. */
export const clampImageBackwardKernel = defineKernel<Record<string, never>>({
  name: 'render.clamp.backward',
  arity: 2,
  cpu: (backend, [x, g]) => backend.adopt(clampUnitBackward(backend.data(x), backend.data(g)), x.shape),
  webgpu: (backend, [x, g]) => {
    const out = backend.empty(x.shape);
    dispatchRender(backend, {
      shader: 'clampImageBackward',
      uniforms: [u32(x.size)],
      inputs: [x, g],
      outputs: [out],
      threads: x.size,
    });
    return out;
  },
});

export { cameraUniforms };
