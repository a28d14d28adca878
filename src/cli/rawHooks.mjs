// Node module hooks that give `import text from './file.wgsl?raw'` Vite's meaning (the file's text), so the CLI
// (the same engine code as the app) runs under plain Node + tsx. Registered by registerRaw.mjs.
import { readFile } from 'node:fs/promises';

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && url.endsWith('?raw')) {
    const text = await readFile(new URL(url.slice(0, -'?raw'.length)), 'utf8');
    return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
  }
  return nextLoad(url, context);
}
