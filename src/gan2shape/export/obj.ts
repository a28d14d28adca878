/** Wavefront OBJ + MTL for the depth mesh, textured by a PNG written beside them. */
import type { DepthMesh } from './mesh';

export interface ObjFiles {
  obj: string;
  mtl: string;
}

export function meshToObj(mesh: DepthMesh, baseName: string, textureFile: string): ObjFiles {
  const lines: string[] = [
    '# GAN2Shape WebGPU depth mesh',
    `# ${mesh.size}x${mesh.size} grid, units: 1/100 of the camera-to-face distance, y up, face towards +z`,
    `mtllib ${baseName}.mtl`,
    `o ${baseName}`,
  ];
  const n = mesh.size * mesh.size;
  for (let i = 0; i < n; i++) {
    const p = mesh.positions;
    lines.push(`v ${p[i * 3].toFixed(5)} ${p[i * 3 + 1].toFixed(5)} ${p[i * 3 + 2].toFixed(5)}`);
  }
  for (let i = 0; i < n; i++) lines.push(`vt ${mesh.uvs[i * 2].toFixed(6)} ${mesh.uvs[i * 2 + 1].toFixed(6)}`);
  lines.push('usemtl face', 's 1');
  const idx = mesh.indices;
  for (let t = 0; t < idx.length; t += 3) {
    // OBJ indices are 1-based; vertex and texture indices coincide.
    const a = idx[t] + 1;
    const b = idx[t + 1] + 1;
    const c = idx[t + 2] + 1;
    lines.push(`f ${a}/${a} ${b}/${b} ${c}/${c}`);
  }
  const mtl = [
    '# GAN2Shape WebGPU material',
    'newmtl face',
    'Ka 1 1 1',
    'Kd 1 1 1',
    'Ks 0 0 0',
    'd 1',
    'illum 1',
    `map_Kd ${textureFile}`,
  ].join('\n');
  return { obj: `${lines.join('\n')}\n`, mtl: `${mtl}\n` };
}
