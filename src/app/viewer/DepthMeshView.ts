/**
 * The live three.js view of the recovered depth mesh. The grid geometry is built once per size; snapshots only
 * rewrite its position/normal arrays and the texture's pixels (platform-notes section 5). WebGL renderer with
 * preserveDrawingBuffer so tests can read pixels back deterministically.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { depthToMesh } from '../../gan2shape/export/mesh';

export type TextureMode = 'input' | 'albedo' | 'shaded';

/** The views alive in the page, for the memory readout (src/app/resources.ts). */
const liveViews = new Set<DepthMeshView>();

/** WebGL renderers, geometries and textures the page's 3D views hold now. */
export function meshViewMemory(): { renderers: number; geometries: number; textures: number } {
  let geometries = 0;
  let textures = 0;
  for (const view of liveViews) {
    geometries += view.renderer.info.memory.geometries;
    textures += view.renderer.info.memory.textures;
  }
  return { renderers: liveViews.size, geometries, textures };
}

export class DepthMeshView {
  readonly renderer: THREE.WebGLRenderer;
  readonly scene = new THREE.Scene();
  readonly camera = new THREE.PerspectiveCamera(20, 1, 1, 2000);
  private readonly controls: OrbitControls;
  private mesh: THREE.Mesh<THREE.BufferGeometry, THREE.MeshStandardMaterial> | null = null;
  private texture: THREE.DataTexture | null = null;
  private size = 0;
  private frame = 0;
  private disposed = false;

  constructor(readonly canvas: HTMLCanvasElement) {
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(globalThis.devicePixelRatio ?? 1, 2));
    this.scene.background = new THREE.Color(0x20262e);
    this.scene.add(new THREE.AmbientLight(0xffffff, 1.6));
    const key = new THREE.DirectionalLight(0xffffff, 1.4);
    key.position.set(0.4, 0.6, 1);
    this.scene.add(key);
    this.camera.position.set(0, 0, 60);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.enableDamping = true;
    this.controls.addEventListener('change', () => this.requestRender());
    this.resize();
    liveViews.add(this);
  }

  /** Replaces the mesh contents; rebuilds the geometry only when the grid size changes. */
  setDepth(depth: ArrayLike<number>, size: number): void {
    const built = depthToMesh(depth, size);
    if (!this.mesh || size !== this.size) {
      this.disposeMesh();
      const geometry = new THREE.BufferGeometry();
      geometry.setAttribute('position', new THREE.BufferAttribute(built.positions, 3));
      geometry.setAttribute('uv', new THREE.BufferAttribute(built.uvs, 2));
      geometry.setIndex(new THREE.BufferAttribute(built.indices, 1));
      const material = new THREE.MeshStandardMaterial({ color: 0xffffff, roughness: 0.85, side: THREE.DoubleSide });
      this.mesh = new THREE.Mesh(geometry, material);
      this.scene.add(this.mesh);
      this.size = size;
      this.mesh.geometry.computeBoundingSphere();
      this.frameMesh();
    } else {
      const position = this.mesh.geometry.getAttribute('position') as THREE.BufferAttribute;
      (position.array as Float32Array).set(built.positions);
      position.needsUpdate = true;
    }
    this.mesh.geometry.computeVertexNormals();
    this.mesh.geometry.computeBoundingSphere();
    this.requestRender();
  }

  /** RGB texture from CHW [-1, 1] values (input, albedo or shaded albedo). */
  setTexture(chw: ArrayLike<number>, size: number): void {
    if (!this.mesh) return;
    const plane = size * size;
    if (!this.texture || this.texture.image.width !== size) {
      this.texture?.dispose();
      this.texture = new THREE.DataTexture(new Uint8Array(plane * 4), size, size, THREE.RGBAFormat);
      this.texture.colorSpace = THREE.SRGBColorSpace;
      this.texture.flipY = true;
      this.texture.magFilter = THREE.LinearFilter;
      this.mesh.material.map = this.texture;
      this.mesh.material.needsUpdate = true;
    }
    const data = this.texture.image.data as Uint8Array;
    for (let i = 0; i < plane; i++) {
      for (let ch = 0; ch < 3; ch++)
        data[i * 4 + ch] = Math.round(Math.min(Math.max((chw[ch * plane + i] + 1) / 2, 0), 1) * 255);
      data[i * 4 + 3] = 255;
    }
    this.texture.needsUpdate = true;
    this.requestRender();
  }

  resetView(): void {
    this.frameMesh();
    this.requestRender();
  }

  /** Looks at the mesh from the front at a distance where its bounding sphere fills the view. */
  private frameMesh(): void {
    const sphere = this.mesh?.geometry.boundingSphere;
    const radius = sphere?.radius ?? 10;
    const centre = sphere?.center ?? new THREE.Vector3();
    const distance = (radius / Math.sin(THREE.MathUtils.degToRad(this.camera.fov / 2))) * 1.05;
    this.camera.position.set(centre.x, centre.y, centre.z + distance);
    this.camera.near = distance / 100;
    this.camera.far = distance * 10;
    this.camera.updateProjectionMatrix();
    this.controls.target.copy(centre);
    this.controls.update();
  }

  resize(): void {
    const width = this.canvas.clientWidth || this.canvas.width;
    const height = this.canvas.clientHeight || this.canvas.height;
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / Math.max(height, 1);
    this.camera.updateProjectionMatrix();
    this.requestRender();
  }

  /** Renders on demand (orbit changes, new snapshots), not every animation frame. */
  requestRender(): void {
    if (this.frame || this.disposed) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (this.controls.update()) this.requestRender();
      this.renderer.render(this.scene, this.camera);
    });
  }

  private disposeMesh(): void {
    if (!this.mesh) return;
    this.scene.remove(this.mesh);
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
    this.mesh = null;
  }

  /** The mesh for exporters (GLB); null before the first snapshot. */
  get object(): THREE.Mesh | null {
    return this.mesh;
  }

  dispose(): void {
    liveViews.delete(this);
    this.disposed = true;
    cancelAnimationFrame(this.frame);
    this.controls.dispose();
    this.disposeMesh();
    this.texture?.dispose();
    this.renderer.dispose();
  }
}
