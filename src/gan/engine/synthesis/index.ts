/** StyleGAN2 synthesis on the engine (w -> image, differentiable w.r.t. w) and its latent helpers. */
export { generatorWeightFilter } from './convWeights';
export { EngineSynthesis } from './engineSynthesis';
export { GanInputError } from './errors';
export { broadcastLatents, checkLatents, splitLatents, wPlusOffset } from './latents';
