/**
 * The renderer's WGSL, each kernel file with shaders/render/render_common.wgsl prepended (the engine then prepends
 * shaders/nn/common.wgsl). Imported with Vite's ?raw (Vite and Vitest; the benchmark runs under Vitest too).
 */

import clampImageSource from '../../../shaders/render/clamp_image.wgsl?raw';
import clampImageBackwardSource from '../../../shaders/render/clamp_image_backward.wgsl?raw';
import diffuseBackwardLightSource from '../../../shaders/render/diffuse_backward_light.wgsl?raw';
import diffuseBackwardNormalsSource from '../../../shaders/render/diffuse_backward_normals.wgsl?raw';
import diffuseForwardSource from '../../../shaders/render/diffuse_forward.wgsl?raw';
import gridSampleSource from '../../../shaders/render/grid_sample.wgsl?raw';
import gridSampleBackwardGridSource from '../../../shaders/render/grid_sample_backward_grid.wgsl?raw';
import gridSampleBackwardImageSource from '../../../shaders/render/grid_sample_backward_image.wgsl?raw';
import gridSampleFixedToFloatSource from '../../../shaders/render/grid_sample_fixed_to_float.wgsl?raw';
import gridSampleGradScaleSource from '../../../shaders/render/grid_sample_grad_scale.wgsl?raw';
import meshResolveSource from '../../../shaders/render/mesh_resolve.wgsl?raw';
import normalsBackwardSource from '../../../shaders/render/normals_backward.wgsl?raw';
import normalsForwardSource from '../../../shaders/render/normals_forward.wgsl?raw';
import rasterBackwardTrianglesSource from '../../../shaders/render/raster_backward_triangles.wgsl?raw';
import rasterBackwardVerticesSource from '../../../shaders/render/raster_backward_vertices.wgsl?raw';
import rasterClearSource from '../../../shaders/render/raster_clear.wgsl?raw';
import rasterDepthSource from '../../../shaders/render/raster_depth.wgsl?raw';
import rasterFaceSource from '../../../shaders/render/raster_face.wgsl?raw';
import rasterProjectSource from '../../../shaders/render/raster_project.wgsl?raw';
import rasterResolveSource from '../../../shaders/render/raster_resolve.wgsl?raw';
import common from '../../../shaders/render/render_common.wgsl?raw';
import textureBackwardSource from '../../../shaders/render/texture_backward.wgsl?raw';
import textureBackwardAlbedoSource from '../../../shaders/render/texture_backward_albedo.wgsl?raw';
import textureForwardSource from '../../../shaders/render/texture_forward.wgsl?raw';
import warpForwardSource from '../../../shaders/render/warp_forward.wgsl?raw';
import warpInverseSource from '../../../shaders/render/warp_inverse.wgsl?raw';
import warpInverseBackwardSource from '../../../shaders/render/warp_inverse_backward.wgsl?raw';

const withCommon = (source: string): string => `${common}\n${source}`;

export const RENDER_SHADERS = {
  clampImage: withCommon(clampImageSource),
  clampImageBackward: withCommon(clampImageBackwardSource),
  diffuseBackwardLight: withCommon(diffuseBackwardLightSource),
  diffuseBackwardNormals: withCommon(diffuseBackwardNormalsSource),
  diffuseForward: withCommon(diffuseForwardSource),
  gridSample: withCommon(gridSampleSource),
  gridSampleBackwardGrid: withCommon(gridSampleBackwardGridSource),
  gridSampleBackwardImage: withCommon(gridSampleBackwardImageSource),
  gridSampleFixedToFloat: withCommon(gridSampleFixedToFloatSource),
  gridSampleGradScale: withCommon(gridSampleGradScaleSource),
  meshResolve: withCommon(meshResolveSource),
  normalsBackward: withCommon(normalsBackwardSource),
  normalsForward: withCommon(normalsForwardSource),
  rasterBackwardTriangles: withCommon(rasterBackwardTrianglesSource),
  rasterBackwardVertices: withCommon(rasterBackwardVerticesSource),
  rasterClear: withCommon(rasterClearSource),
  rasterDepth: withCommon(rasterDepthSource),
  rasterFace: withCommon(rasterFaceSource),
  rasterProject: withCommon(rasterProjectSource),
  rasterResolve: withCommon(rasterResolveSource),
  textureBackward: withCommon(textureBackwardSource),
  textureBackwardAlbedo: withCommon(textureBackwardAlbedoSource),
  textureForward: withCommon(textureForwardSource),
  warpForward: withCommon(warpForwardSource),
  warpInverse: withCommon(warpInverseSource),
  warpInverseBackward: withCommon(warpInverseBackwardSource),
} as const;

export type RenderShaderName = keyof typeof RENDER_SHADERS;
