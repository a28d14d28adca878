/** The total loss over the run as an SVG line (log scale), one point per progress report that carried losses. */
import { useSession } from '../sessionStore';

const W = 320;
const H = 120;

export function LossPlot() {
  const losses = useSession((s) => s.losses);
  if (losses.length < 2) return null;
  const values = losses.map((l) => Math.log10(Math.max(l.total, 1e-8)));
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo > 1e-9 ? hi - lo : 1;
  const points = values
    .map((v, i) => `${(i / (values.length - 1)) * W},${H - ((v - lo) / span) * (H - 8) - 4}`)
    .join(' ');
  const last = losses[losses.length - 1];
  return (
    <figure className="card loss-plot" data-testid="loss-plot" data-first={losses[0].total} data-last={last.total}>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label="Loss over iterations">
        <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
      <figcaption>
        loss {last.total.toFixed(4)} ({last.label}); log scale{' '}
        {10 ** lo < 1e-3 ? (10 ** lo).toExponential(1) : (10 ** lo).toFixed(3)}…{(10 ** hi).toFixed(3)}
      </figcaption>
    </figure>
  );
}
