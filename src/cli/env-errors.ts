// Faults of the machine rather than of codeframe: a read-only or full disk, a damaged or foreign
// database, a path that is a folder. Each is described in words (what failed, which path, what to
// do) and exits 2 like any other problem the user has to fix; exit 70 stays for real bugs.
// No heavy imports here: main.ts loads this for every command, --help included.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** What the failing command was working on, when known (its --db flag). */
export interface ErrorContext {
  db?: string;
}

/** File-system errors, in words. */
const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of this path is a file, not a folder',
  EISDIR: 'is a folder, expected a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large (a file size limit, `ulimit -f`, or the file system)',
  EIO: 'input/output error on the device',
  EEXIST: 'already exists',
};

/** Errors of the disk rather than of the path: the advice is to make room, not to fix a flag. */
const DISK_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EIO']);

/** The message for an environment fault, or null when `err` is something else (a bug). */
export function describeEnvironmentError(err: unknown, ctx: ErrorContext = {}): string | null {
  const e = err as NodeJS.ErrnoException | undefined;
  if (!e || typeof e.code !== 'string') return null;
  if ((e as Error).name === 'SqliteError') return describeSqlite(e.code, (e as Error).message, ctx.db);
  const words = FILE_ERRORS[e.code];
  if (!words) return null;
  if (e.path) {
    const advice = DISK_ERRORS.has(e.code) ? '; free space (or raise the limit) and run the command again' : '';
    return `${e.path}: ${words} (${e.code})${advice}`;
  }
  // A failed write() names no path (Node only knows the descriptor): say what happened all the same.
  if (DISK_ERRORS.has(e.code)) return `writing a file failed: ${words} (${e.code}); free space (or raise the limit) and run the command again`;
  return null;
}

function describeSqlite(code: string, message: string, db: string | undefined): string | null {
  const where = db ? `the database ${db}` : 'the database';
  const base = code.replace(/^(SQLITE_[A-Z]+?)(_[A-Z_]+)?$/, '$1');
  switch (base) {
    case 'SQLITE_FULL':
      return (
        `${where} cannot grow: the disk is full (${code}). The last transaction was rolled back, so what was stored before is ` +
        'intact; free space and run the command again (a run continues where it stopped)'
      );
    case 'SQLITE_IOERR':
      return (
        `a disk error while writing or reading ${where} (${code}: ${message}): a full disk, a file size limit (\`ulimit -f\`) or ` +
        'a failing device. The last transaction was rolled back; fix the cause and run the command again'
      );
    case 'SQLITE_READONLY':
      return `${where} cannot be written (${code}): ${db ? whyNotWritable(db) : 'it is read-only'}. ${writableAdvice(db ?? 'FILE')}`;
    case 'SQLITE_CANTOPEN':
      return `${where} cannot be opened (${code}): ${db ? whyCannotOpen(db) : message}`;
    case 'SQLITE_NOTADB':
      return `${where} is not a SQLite database (${code}); pass --db with a codeframe database, or a new file name to start one`;
    case 'SQLITE_CORRUPT':
      return (
        `${where} is damaged (${code}: ${message}); restore it from a backup or pass another --db ` +
        `(\`sqlite3 ${db ?? 'FILE'} .recover\` may save what is left)`
      );
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
      return `${where}: access denied (${code}: ${message}); check the permissions of the file and its folder`;
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return `${where} is locked by another process (${code}); wait for it to finish (another \`codeframe\` or \`sqlite3\`) and run again`;
    default:
      return null;
  }
}

const writableAdvice = (db: string): string =>
  `SQLite writes the file and creates ${db}-wal and ${db}-shm beside it: make both the file and its folder writable, ` +
  'or copy the database to a writable place and pass --db';

/** Why a database file that exists cannot be written: the file itself, or its folder. */
function whyNotWritable(db: string): string {
  const file = resolve(db);
  const fileProblem = notWritable(file);
  if (fileProblem) return `the file is not writable (${fileProblem})`;
  const dirProblem = notWritable(dirname(file));
  if (dirProblem) return `its folder ${dirname(file)} is not writable (${dirProblem})`;
  return 'it is read-only';
}

/** Why SQLite could not open a path: a folder, a missing or unwritable folder, an unreadable file. */
function whyCannotOpen(db: string): string {
  const file = resolve(db);
  const stat = statSync(file, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return `${db} is a folder, expected a database file; pass --db FILE`;
  const dir = dirname(file);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return `the folder ${dir} does not exist`;
  const dirProblem = notWritable(dir);
  if (dirProblem) {
    return (
      `its folder ${dir} is not writable (${dirProblem}), and SQLite must create ${db}-wal and ${db}-shm beside the database. ` +
      'Copy the database to a writable folder and pass --db, or make the folder writable'
    );
  }
  if (stat) {
    try {
      accessSync(file, constants.R_OK);
    } catch (err) {
      return `the file cannot be read (${(err as NodeJS.ErrnoException).code}); check its permissions`;
    }
  }
  return 'check that the path is a database file in a writable folder';
}

/** The errno code that stops writing `path`, or null when it is writable. */
function notWritable(path: string): string | null {
  try {
    accessSync(path, constants.W_OK);
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EACCES';
    return `${code}: ${FILE_ERRORS[code] ?? 'not writable'}${code === 'EPERM' ? ', e.g. `chattr +i`' : ''}`;
  }
}
