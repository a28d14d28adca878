// Worker thread of `npm run synth`: loads the face model once, then renders the chunks it is sent.
import { parentPort } from 'node:worker_threads';
import { loadFaceModelNode } from '../loadFaceModelNode';
import { type ChunkRequest, renderChunk } from '../renderChunk';

if (!parentPort) throw new Error('synthWorker must run as a worker thread');
const port = parentPort;
const model = loadFaceModelNode();
port.on('message', (req: ChunkRequest) => {
  const chunk = renderChunk(model, req);
  // the chunk's arrays own plain ArrayBuffers (allocated in renderChunk), so they can be moved, not copied
  const buffers = [chunk.images.buffer, chunk.depth.buffer, chunk.mask.buffer, chunk.normals.buffer] as ArrayBuffer[];
  port.postMessage(chunk, buffers);
});
