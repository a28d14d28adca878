// Entry point of `npm run eval:baselines` (see src/cli/evalBaselines.ts).
import { evalBaselinesMain } from '../evalBaselines';

process.exitCode = await evalBaselinesMain(process.argv.slice(2));
