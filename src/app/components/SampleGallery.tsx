/**
 * Bundled samples (public/samples/index.json): synthetic faces with known depth and mask (opened with their ground
 * truth: see samples.ts) and public-domain photos.
 */
import { useEffect, useState } from 'react';
import { fetchSamples, loadSample, type SampleEntry, sampleUrl } from '../samples';

export function SampleGallery() {
  const [samples, setSamples] = useState<SampleEntry[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    fetchSamples()
      .then(setSamples)
      .catch((err) => setFailed(String(err)));
  }, []);

  if (failed) return <p className="muted">No bundled samples ({failed}).</p>;
  if (!samples) return null;
  return (
    <section className="card">
      <h2>Samples</h2>
      <div className="gallery" data-testid="gallery">
        {samples.map((s) => (
          <button
            type="button"
            key={s.file}
            className="thumb"
            data-kind={s.kind}
            data-file={s.file}
            title={`${s.title} (${s.licence})${s.depth ? ': with ground-truth depth and mask' : ''}`}
            onClick={() => void loadSample(s)}
          >
            <img src={sampleUrl(s.file)} alt={s.title} />
            <span>{s.title}</span>
          </button>
        ))}
      </div>
    </section>
  );
}
