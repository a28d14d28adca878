/**
 * One image of the live panels: an ImageData drawn into a canvas (pixelated), or a dash while it does not exist.
 * It draws in a layout effect, so the pixels are there by the time the DOM change is observable.
 */
import { type ReactNode, useLayoutEffect, useRef } from 'react';

export function ImageCanvas({ image, testId, title }: { image: ImageData; testId?: string; title?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const c = canvas.current;
    if (!c) return;
    c.width = image.width;
    c.height = image.height;
    c.getContext('2d')?.putImageData(image, 0, 0);
  }, [image]);
  return <canvas ref={canvas} data-testid={testId} title={title} />;
}

export function MapCanvas({
  title,
  image,
  testId,
  children,
}: {
  title: ReactNode;
  image: ImageData | null;
  testId: string;
  children?: ReactNode;
}) {
  return (
    <figure className="map">
      {image ? <ImageCanvas image={image} testId={testId} /> : <div className="map-empty">—</div>}
      <figcaption>{title}</figcaption>
      {children}
    </figure>
  );
}
