export { averageDepth, constantDepth } from './baselineDepths';
export { type DepthDifference, depthDifference, sharedDepthRange } from './depthDifference';
export { type DepthScores, madOnMask, meanStd, type ScoreOptions, scoreDepth, sideOnMask } from './depthMetrics';
export { type BinaryMap, erodeOnePixel, evaluationMask, groundTruthObjectMask } from './evaluationMask';
export { type DepthMap, NORMAL_EPSILON, normalsFromDepth } from './normalsFromDepth';
