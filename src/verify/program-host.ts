import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import ts from 'typescript';

interface CachedSourceFile {
  modifiedMs: number;
  size: number;
  sourceFile: ts.SourceFile;
}

/** A compiler host that hands back the same SourceFile while a file is unchanged on disk. */
export interface CachingCompilerHost extends ts.CompilerHost {
  /** Files that held NUL bytes: binary content that was not parsed. */
  readonly binaryFiles: ReadonlySet<string>;
  /** Forgets a file so the next program reads it again, for editors that keep mtimes. */
  invalidate(fileName: string): void;
}

function fileStamp(fileName: string): { modifiedMs: number; size: number } | undefined {
  try {
    const stats = statSync(fileName);
    return { modifiedMs: stats.mtimeMs, size: stats.size };
  } catch {
    return undefined;
  }
}

/**
 * Wraps the default host so that a program built again after an edit reuses the parsed and bound
 * files that did not change: this is what makes re-verifying one file fast.
 */
export function createCachingCompilerHost(options: ts.CompilerOptions): CachingCompilerHost {
  const base = ts.createCompilerHost(options, true);
  const cache = new Map<string, CachedSourceFile>();
  const binaryFiles = new Set<string>();
  const host: CachingCompilerHost = {
    ...base,
    binaryFiles,
    invalidate: (fileName) => {
      cache.delete(fileName);
    },
    getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) {
      const stamp = fileStamp(fileName);
      const cached = cache.get(fileName);
      if (
        stamp &&
        cached &&
        !shouldCreateNewSourceFile &&
        cached.modifiedMs === stamp.modifiedMs &&
        cached.size === stamp.size
      ) {
        return cached.sourceFile;
      }
      let text = base.readFile(fileName);
      if (text === undefined) {
        onError?.(`Cannot read file '${fileName}'.`);
        return undefined;
      }
      if (text.includes('\u0000')) {
        binaryFiles.add(fileName);
        text = '';
      } else {
        binaryFiles.delete(fileName);
      }
      const sourceFile = ts.createSourceFile(fileName, text, languageVersionOrOptions, true);
      // Builder programs compare versions to find the files an edit affects.
      (sourceFile as ts.SourceFile & { version?: string }).version = createHash('sha1')
        .update(text)
        .digest('hex');
      if (stamp) cache.set(fileName, { ...stamp, sourceFile });
      return sourceFile;
    },
  };
  return host;
}
