/** Export buttons for the latest snapshot: OBJ (zip), GLB, 16-bit depth PNG, normal map, settings JSON. */
import { GLTFExporter } from 'three/examples/jsm/exporters/GLTFExporter.js';
import { depthPng, normalPng, objZip, resultJson } from '../../gan2shape/export/bundle';
import { download } from '../download';
import { useSession } from '../sessionStore';
import type { DepthMeshView } from '../viewer/DepthMeshView';

export function ExportMenu({
  input,
  view,
  model,
}: {
  input: Float32Array | null;
  view: DepthMeshView | null;
  model: string;
}) {
  const snapshot = useSession((s) => s.snapshot);
  const state = useSession.getState();
  if (!snapshot || !input) return null;
  const base = 'gan2shape';
  const settings = () => ({
    preset: state.preset,
    imageName: state.source?.name ?? 'image',
    crop: state.crop ?? { x: 0, y: 0, size: 0 },
    mask: state.ellipse,
    model,
  });
  const exportGlb = async () => {
    if (!view?.object) return;
    const glb = (await new GLTFExporter().parseAsync(view.object, { binary: true })) as ArrayBuffer;
    download(new Uint8Array(glb), `${base}.glb`, 'model/gltf-binary');
  };
  const normals = normalPng(snapshot);
  return (
    <section className="card exports" data-testid="exports">
      <h2>Export</h2>
      <button
        type="button"
        data-testid="export-obj"
        onClick={() => download(objZip(snapshot, snapshot.albedo ?? input, base), `${base}-obj.zip`, 'application/zip')}
      >
        OBJ + MTL + texture (zip)
      </button>
      <button type="button" data-testid="export-glb" onClick={() => void exportGlb()} disabled={!view?.object}>
        GLB
      </button>
      <button
        type="button"
        data-testid="export-depth"
        onClick={() => download(depthPng(snapshot), `${base}-depth16.png`, 'image/png')}
      >
        Depth PNG (16-bit)
      </button>
      <button
        type="button"
        data-testid="export-normals"
        disabled={!normals}
        onClick={() => normals && download(normals, `${base}-normals.png`, 'image/png')}
      >
        Normal map PNG
      </button>
      <button
        type="button"
        data-testid="export-json"
        onClick={() => download(resultJson(snapshot, settings()), `${base}.json`, 'application/json')}
      >
        Settings JSON
      </button>
    </section>
  );
}
