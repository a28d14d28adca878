// Worker threads do not inherit tsx's module hooks on Node 20, so the TypeScript worker is loaded through
// tsx's API from this plain-JS entry.
import { register } from 'tsx/esm/api';

register();
await import('./synthWorker.ts');
