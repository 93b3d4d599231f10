import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../domain/sha256.js';

describe('the workflow-safe SHA-256', () => {
  it.each([
    ['empty', ''],
    ['short', 'abc'],
    ['one block less a byte of padding', 'x'.repeat(55)],
    ['padding spilling into a second block', 'x'.repeat(56)],
    ['exactly one block', 'x'.repeat(64)],
    ['multi-byte UTF-8 over many blocks', 'ü€😀 Art. 33'.repeat(300)],
  ])('matches node:crypto on %s input', (_name, text) => {
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });
});
