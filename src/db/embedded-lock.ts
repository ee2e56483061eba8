import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite is one process's database: a second process on the same folder silently loses data.
 * A lock file beside the folder, holding the owner's pid, refuses a second opener; a lock left
 * by a dead process is taken over.
 */
export class EmbeddedLock {
  private released = false;
  private readonly onExit = () => this.release();

  private constructor(readonly file: string) {
    process.once('exit', this.onExit);
  }

  static acquire(dataDir: string): EmbeddedLock {
    const file = `${path.resolve(dataDir)}.lock`;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
        return new EmbeddedLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number(fs.readFileSync(file, 'utf8').trim());
        if (owner && owner !== process.pid && isAlive(owner)) {
          throw new EmbeddedDatabaseBusyError(dataDir, owner);
        }
        fs.rmSync(file, { force: true });
      }
    }
    throw new EmbeddedDatabaseBusyError(dataDir, undefined);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    try {
      if (fs.readFileSync(this.file, 'utf8').trim() === String(process.pid)) fs.rmSync(this.file);
    } catch {
      // Already gone: nothing to release.
    }
  }
}

export class EmbeddedDatabaseBusyError extends Error {
  constructor(dataDir: string, pid: number | undefined) {
    super(
      `the embedded database in ${path.resolve(dataDir)} is in use by another Rapport process` +
        (pid ? ` (pid ${pid})` : '') +
        '. Stop that process first, or point RAPPORT_DATA_DIR at another folder, or set DATABASE_URL to use Postgres.',
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
