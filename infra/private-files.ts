/**
 * The data folder holds the server's database, the register, the outbox and the payload key: all of it is for
 * the engine's user alone. Files are created private (a umask of 077, so that what the SQLite libraries and the
 * Temporal server create is private too), and a folder made before that is made private at start.
 */
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** No group or other bits on anything this process (and the servers it starts) creates from now on. */
export function createFilesPrivately(): void {
  process.umask(0o077);
}

const OPEN_TO_OTHERS = 0o077;

/**
 * Creates `dir` (0700) if it is not there; otherwise takes group and other access away from it and from
 * everything in it (folders 0700, files keep only their owner's bits). Returns what it had to tighten, so the caller can say so.
 */
export async function ensurePrivateFolder(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tightened: string[] = [];
  const visit = async (path: string): Promise<void> => {
    const stats = await lstat(path);
    // A link's own mode means nothing, and what it points to may not be ours to change.
    if (stats.isSymbolicLink()) return;
    if (stats.mode & OPEN_TO_OTHERS) {
      // The owner keeps what it had: only group and other lose their access.
      await chmod(path, stats.isDirectory() ? 0o700 : stats.mode & 0o700);
      tightened.push(path);
    }
    if (stats.isDirectory()) {
      for (const name of await readdir(path)) await visit(join(path, name));
    }
  };
  await visit(dir);
  return tightened;
}
