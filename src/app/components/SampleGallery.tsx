/** Bundled samples (public/samples/index.json): synthetic faces with known depth and public-domain photos. */
import { useEffect, useState } from 'react';
import { useSession } from '../sessionStore';

export interface SampleEntry {
  file: string;
  title: string;
  kind: 'synthetic' | 'photo';
  licence: string;
  depth?: string;
}

export function SampleGallery() {
  const loadUrl = useSession((s) => s.loadUrl);
  const [samples, setSamples] = useState<SampleEntry[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    const base = import.meta.env.BASE_URL;
    fetch(`${base}samples/index.json`)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${r.status}`))))
      .then((list: { samples: SampleEntry[] }) => setSamples(list.samples))
      .catch((err) => setFailed(String(err)));
  }, []);

  if (failed) return <p className="muted">No bundled samples ({failed}).</p>;
  if (!samples) return null;
  const base = import.meta.env.BASE_URL;
  return (
    <section className="card">
      <h2>Samples</h2>
      <div className="gallery" data-testid="gallery">
        {samples.map((s) => (
          <button
            type="button"
            key={s.file}
            className="thumb"
            title={`${s.title} (${s.licence})`}
            onClick={() => void loadUrl(`${base}samples/${s.file}`, s.title)}
          >
            <img src={`${base}samples/${s.file}`} alt={s.title} />
            <span>{s.title}</span>
          </button>
        ))}
      </div>
    </section>
  );
}
