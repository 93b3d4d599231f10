/**
 * The payload key of every test: fixed, so that a history recorded in a test (test/workflows/replay.test.ts)
 * can be replayed by a later run. It protects nothing and must never be configured outside the tests.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { encryptingDataConverter } from '../../infra/payload-codec.js';
import { keyRing, LOCAL_KEY_FILE_NAME, writeKeyFile, type PayloadKey } from '../../infra/payload-keys.js';

export const TEST_KEY: PayloadKey = {
  id: 'test-key-1',
  key: createHash('sha256').update('breach-clock test payload key').digest(),
};

export const testKeyRing = keyRing([TEST_KEY], 'the tests');

/** For every test client and worker: payloads encrypted as the engine encrypts them. */
export const testDataConverter = encryptingDataConverter(testKeyRing);

/** The test key where the CLI looks for a local server's key: `<dataDir>/payload-keys`. */
export function writeTestKeyFile(dataDir: string): void {
  writeKeyFile(join(dataDir, LOCAL_KEY_FILE_NAME), [TEST_KEY]);
}
