import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { faceDetectorAssets } from './tools/vite/faceDetectorAssets.js';

export default defineConfig({
  // The face detector's models and tfjs wasm binaries, served from this origin (tools/vite/faceDetectorAssets.ts).
  plugins: [react(), faceDetectorAssets()],
  // ORT resolves its .wasm next to its own module; pre-bundling moves the module and breaks that URL.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});
