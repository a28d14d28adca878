// Entry point of `npm run figure:depth` (see src/cli/depthFigure.ts). Exits explicitly: Dawn keeps the loop alive.
import { depthFigureMain } from '../depthFigure';

process.exit(await depthFigureMain(process.argv.slice(2)));
