/**
 * SHA-256 of a UTF-8 string. Workflow code cannot reach node:crypto, and the hashes of rendered notices must be
 * computed where the notice is rendered, so this uses @noble/hashes: audited, dependency-free, pure JS.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
