// Usage: node --import tsx --import ./bench/render/registerRaw.mjs script.ts
import { register } from 'node:module';

register('./rawHooks.mjs', import.meta.url);
