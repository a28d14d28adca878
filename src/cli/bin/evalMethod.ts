// Entry point of `npm run eval:method` (see src/cli/evalMethod.ts). Exits explicitly: Dawn keeps the loop alive.
import { evalMethodMain } from '../evalMethod';

process.exit(await evalMethodMain(process.argv.slice(2)));
