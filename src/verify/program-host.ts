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
  /**
   * A file's syntax tree parsed before any program, for checks that read syntax only; a program
   * built later with the same parse options takes it over instead of parsing the file again.
   * Undefined for files that cannot be read or hold NUL bytes.
   */
  parseAlone(fileName: string, options: ts.CreateSourceFileOptions): ts.SourceFile | undefined;
}

interface EarlyTree extends CachedSourceFile {
  options: ts.CreateSourceFileOptions;
}

/** Gives a syntax tree the version builder programs compare to find the files an edit affects. */
function withVersion(sourceFile: ts.SourceFile, text: string): ts.SourceFile {
  (sourceFile as ts.SourceFile & { version?: string }).version = createHash('sha1')
    .update(text)
    .digest('hex');
  return sourceFile;
}

/**
 * Whether a tree parsed alone serves a program that asks with these options: the same target,
 * module format and JSDoc mode, and the program's module detection (applied to it here) does not
 * turn it into a module, since a module's top-level `await` parses differently.
 */
function adopt(early: EarlyTree, asked: ts.ScriptTarget | ts.CreateSourceFileOptions): boolean {
  if (typeof asked !== 'object') return false;
  const { options, sourceFile } = early;
  if (
    asked.languageVersion !== options.languageVersion ||
    asked.impliedNodeFormat !== options.impliedNodeFormat ||
    asked.jsDocParsingMode !== options.jsDocParsingMode
  )
    return false;
  const withIndicator = sourceFile as ts.SourceFile & { externalModuleIndicator?: unknown };
  const before = withIndicator.externalModuleIndicator;
  asked.setExternalModuleIndicator?.(sourceFile);
  if (before === undefined && withIndicator.externalModuleIndicator !== undefined) {
    withIndicator.externalModuleIndicator = before;
    return false;
  }
  return true;
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
  const early = new Map<string, EarlyTree>();
  const host: CachingCompilerHost = {
    ...base,
    binaryFiles,
    invalidate: (fileName) => {
      cache.delete(fileName);
      early.delete(fileName);
    },
    parseAlone(fileName, options) {
      const stamp = fileStamp(fileName);
      const known = early.get(fileName) ?? cache.get(fileName);
      if (stamp && known && known.modifiedMs === stamp.modifiedMs && known.size === stamp.size)
        return known.sourceFile;
      const text = base.readFile(fileName);
      if (text === undefined || text.includes('\u0000')) return undefined;
      const sourceFile = withVersion(ts.createSourceFile(fileName, text, options, true), text);
      if (stamp) early.set(fileName, { ...stamp, sourceFile, options });
      return sourceFile;
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
      const parsedAlone = early.get(fileName);
      early.delete(fileName);
      if (
        stamp &&
        parsedAlone &&
        !shouldCreateNewSourceFile &&
        parsedAlone.modifiedMs === stamp.modifiedMs &&
        parsedAlone.size === stamp.size &&
        adopt(parsedAlone, languageVersionOrOptions)
      ) {
        cache.set(fileName, { ...stamp, sourceFile: parsedAlone.sourceFile });
        return parsedAlone.sourceFile;
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
      const sourceFile = withVersion(
        ts.createSourceFile(fileName, text, languageVersionOrOptions, true),
        text,
      );
      if (stamp) cache.set(fileName, { ...stamp, sourceFile });
      return sourceFile;
    },
  };
  return host;
}
