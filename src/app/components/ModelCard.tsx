/** The active model's card: what its manifest says (category, architecture, parity, provenance) and MODEL_CARD.md. */
import type { BundleCategory } from '../../gan/bundle';
import type { ReadyModel } from '../modelStore';

/** What a category changes in the page (docs/MODEL_BUNDLE.md). */
const CATEGORY_TEXT: Record<BundleCategory, string> = {
  face: 'photos of faces: face crop and mask, the prior shaped for a face reaching the image bottom',
  synface: "this project's synthetic faces: the prior with a forehead and their shallow relief",
  cat: 'cat faces: the prior from the mask box as it is',
  car: 'cars: the prior box stretched downwards',
  church: 'churches: the prior box stretched downwards, its rim at depth 1.0',
};

function origin(model: ReadyModel): string {
  if (model.origin === 'bundled') return 'bundled with the app';
  return `opened from ${model.origin === 'zip' ? 'a zip' : 'a folder'} on this computer, kept in this browser`;
}

export function ModelCard({ model }: { model: ReadyModel }) {
  const { manifest, config } = model.bundle;
  const worstParity = Math.max(...manifest.parity.results.map((r) => r.maxAbsDiff));
  const widths = Object.entries(config.generator_channels)
    .map(([r, c]) => `${r}: ${c}`)
    .join(', ');
  return (
    <details className="model-card" data-testid="model-card" data-model={model.name} data-category={model.category}>
      <summary>
        Model card: <strong>{model.name}</strong> · {model.category}
        {model.categoryDeclared ? '' : ' (assumed)'} · {config.size} px
      </summary>
      <dl className="facts">
        <dt>Category</dt>
        <dd data-testid="model-category">
          {model.category}: {CATEGORY_TEXT[model.category]}
          {!model.categoryDeclared && ' (the bundle declares no category; face is assumed)'}
        </dd>
        <dt>From</dt>
        <dd>{origin(model)}</dd>
        <dt>Generator</dt>
        <dd>
          {config.size} px, style_dim {config.style_dim}, {config.n_mlp} mapping layers, n_latent {config.n_latent},
          widths {widths}
        </dd>
        <dt>Weights</dt>
        <dd>
          {manifest.tensors.length} tensors, {(model.bundle.weights.byteLength / 1e6).toFixed(1)} MB
        </dd>
        <dt>Parity</dt>
        <dd>
          ONNX vs PyTorch ({manifest.parity.runtime}): max abs diff {worstParity.toExponential(1)}
        </dd>
        <dt>Encoder</dt>
        <dd data-testid="model-encoder">
          {model.encoder
            ? `pretrained E (${model.encoder.size} px, nf ${model.encoder.nf}): step 2 starts from it`
            : 'none: step 2 starts E from random weights'}
        </dd>
        <dt>Source</dt>
        <dd>
          <code>{JSON.stringify(manifest.source)}</code>
        </dd>
      </dl>
      {model.card ? (
        <pre className="model-card-text" data-testid="model-card-text">
          {model.card}
        </pre>
      ) : (
        <p className="muted">The bundle has no MODEL_CARD.md.</p>
      )}
    </details>
  );
}
