// Worker thread of `npm run synth`: loads the face model once, then renders the chunks it is sent.
import { parentPort } from 'node:worker_threads';
import { loadFaceModelNode } from '../loadFaceModelNode';
import { type ChunkRequest, renderChunk } from '../renderChunk';

if (!parentPort) throw new Error('synthWorker must run as a worker thread');
const port = parentPort;
const model = loadFaceModelNode();
port.on('message', (req: ChunkRequest) => {
  const chunk = renderChunk(model, req);
  port.postMessage(chunk, [chunk.images.buffer, chunk.depth.buffer, chunk.mask.buffer, chunk.normals.buffer]);
});
