/** The main page once a GPU device exists: image intake, crop/mask, the live 3D view, maps, progress and exports. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { rasterizeFaceMask } from '../../data/face/ovalMask';
import type { EngineDevice } from '../../engine/device';
import { PRESETS } from '../../gan2shape/presets/presets';
import { priorCategoryFor } from '../../gan2shape/prior/category';
import {
  prepareMaskedRunInput,
  prepareRunInput,
  prepareRunInputWithMask,
  type RunInput,
} from '../../gan2shape/runner/input';
import { methodImageSize } from '../../gan2shape/start';
import { backendFor } from '../engineBackend';
import { useFaces } from '../faceStore';
import { useModelMenu } from '../modelMenuStore';
import { BUNDLED_MODEL, useModel, useModelCategory } from '../modelStore';
import { useSession } from '../sessionStore';
import type { DepthMeshView } from '../viewer/DepthMeshView';
import { CropEditor } from './CropEditor';
import { ExportMenu } from './ExportMenu';
import { GroundTruthPanel } from './GroundTruthPanel';
import { ImageIntake } from './ImageIntake';
import { LossPlot } from './LossPlot';
import { ManipulatePanel } from './ManipulatePanel';
import { MapPanels } from './MapPanels';
import { MeshViewer } from './MeshViewer';
import { ModelMenu } from './ModelMenu';
import { OutOfDomainWarning } from './OutOfDomainWarning';
import { PseudoPanel } from './PseudoPanel';
import { phasesFor, RunControls } from './RunControls';
import { RunHistory } from './RunHistory';
import { SampleGallery } from './SampleGallery';
import { Timeline } from './Timeline';

export function Workspace({ engine }: { engine: EngineDevice }) {
  const source = useSession((s) => s.source);
  const crop = useSession((s) => s.crop);
  const ellipse = useSession((s) => s.ellipse);
  const truth = useSession((s) => s.truth);
  const faceOval = useSession((s) => s.faceOval);
  // A run starts on the crop the face search places, not on the one it is about to replace.
  const searching = useFaces((s) => s.status === 'loading' || s.status === 'detecting');
  const preset = useSession((s) => s.preset);
  const runState = useSession((s) => s.runState);
  const modelReady = useModel((s) => s.status.kind === 'ready');
  const modelSize = useModel((s) => (s.status.kind === 'ready' ? s.status.bundle.config.size : null));
  const modelName = useModel((s) => (s.status.kind === 'ready' ? s.status.name : BUNDLED_MODEL.name));
  // The active model's category decides the object mask's prior (and the intake's crop rule).
  const category = priorCategoryFor(useModelCategory());
  const restoreModel = useModelMenu((s) => s.restore);
  const [view, setView] = useState<DepthMeshView | null>(null);
  const onView = useCallback((v: DepthMeshView | null) => setView(v), []);
  const phases = useMemo(() => phasesFor(preset, modelReady), [preset, modelReady]);

  const prepared = useMemo<{ input: RunInput | null; error: string | null }>(() => {
    if (!source || !crop) return { input: null, error: null };
    try {
      const size = methodImageSize(PRESETS[preset], modelSize);
      // A synthetic sample's own mask, as eval:method gives it (the synface prior is built from it).
      const input = truth
        ? prepareMaskedRunInput(source.image, crop, truth.mask, size, 'synface')
        : faceOval
          ? // A detected face: its oval mask (1 / 0.5 ring) with the face prior (src/data/face/ovalMask.ts).
            prepareRunInputWithMask(source.image, crop, rasterizeFaceMask(faceOval, ellipse, size), size, 'face')
          : prepareRunInput(source.image, crop, ellipse, size, category);
      return { input, error: null };
    } catch (err) {
      return { input: null, error: err instanceof Error ? err.message : String(err) };
    }
  }, [source, crop, ellipse, truth, faceOval, preset, modelSize, category]);

  // The model chosen on the last visit (kept in IndexedDB), else the bundled one.
  useEffect(() => {
    void restoreModel();
  }, [restoreModel]);

  // Before a run, the mesh shows the ellipsoid prior the depth net will start from.
  useEffect(() => {
    const input = prepared.input;
    if (!input || runState !== 'idle') return;
    useSession.setState({
      snapshot: { stage: 0, step: 'prior', iteration: 0, size: input.size, depth: input.prior },
    });
  }, [prepared, runState]);

  return (
    <div className="workspace">
      <div className="column">
        <ImageIntake />
        <SampleGallery />
        <CropEditor input={prepared.input} />
        <RunHistory engine={engine} />
        {prepared.error && (
          <p className="error" role="alert">
            {prepared.error}
          </p>
        )}
      </div>
      <div className="column">
        <ModelMenu />
        <RunControls engine={engine} input={searching ? null : prepared.input} />
        <Timeline phases={phases} />
        <OutOfDomainWarning />
        <MeshViewer input={prepared.input?.image ?? null} onView={onView} />
        <ManipulatePanel backend={backendFor(engine)} input={prepared.input?.image ?? null} />
        <MapPanels input={prepared.input ? { image: prepared.input.image, size: prepared.input.size } : null} />
        <GroundTruthPanel />
        <PseudoPanel />
        <LossPlot phases={phases} />
        <ExportMenu input={prepared.input?.image ?? null} view={view} model={modelName} />
      </div>
    </div>
  );
}
