// Entry point of `npm run reconstruct` (see src/cli/reconstruct.ts). Exits explicitly: Dawn keeps the loop alive.
import { reconstructMain } from '../reconstruct';

process.exit(await reconstructMain(process.argv.slice(2)));
