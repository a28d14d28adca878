// Entry point of `npm run eval:relief` (see src/cli/evalRelief.ts).
import { evalReliefMain } from '../evalRelief';

process.exit(await evalReliefMain(process.argv.slice(2)));
