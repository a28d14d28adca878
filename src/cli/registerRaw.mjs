// Usage: node --import tsx --import ./src/cli/registerRaw.mjs src/cli/bin/<command>.ts
import { register } from 'node:module';

register('./rawHooks.mjs', import.meta.url);
