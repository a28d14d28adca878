// Entry point of `npm run calibrate:prior` (see src/cli/calibratePrior.ts).
import { calibratePriorMain } from '../calibratePrior';

process.exit(await calibratePriorMain(process.argv.slice(2)));
