/**
 * Coalesced renders: while one render is on the GPU, further requests only mark that another is wanted; when the
 * render ends, one more runs, reading the newest state itself. A slider dragged across fifty values while a
 * 2-second GAN render runs then costs two renders, not fifty, and the last one drawn is the latest value.
 */
export interface Coalescer {
  /** Asks for a render; returns at once. */
  request(): void;
  readonly busy: boolean;
}

/** `render` must read the state it draws when it starts (not when it was requested). */
export function coalesce(render: () => Promise<void>, onBusy: (busy: boolean) => void = () => {}): Coalescer {
  let busy = false;
  let pending = false;
  const run = async (): Promise<void> => {
    busy = true;
    onBusy(true);
    try {
      do {
        pending = false;
        try {
          await render();
        } catch {
          // render reports its own failures; the queue goes on.
        }
      } while (pending);
    } finally {
      busy = false;
      onBusy(false);
    }
  };
  return {
    request() {
      if (busy) {
        pending = true;
        return;
      }
      void run();
    },
    get busy() {
      return busy;
    },
  };
}
