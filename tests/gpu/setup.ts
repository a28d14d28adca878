// Runs before every gpu test file: the device must exist, or the whole layer fails with the harness's message.
import { beforeAll } from 'vitest';
import { getTestDevice } from './harness';

beforeAll(async () => {
  await getTestDevice();
});
