/** One unified-diff hunk: the lines it expects and the lines it leaves. */
export interface DiffHunk {
  /** The `@@ -a,b +c,d @@` line as written, for error messages. */
  header: string;
  /** 1-based line the hunk claims to start at in the old file; a hint, not trusted. */
  oldStart: number;
  /** Context and removed lines, in order. */
  before: string[];
  /** Context and added lines, in order. */
  after: string[];
}

/** A change to one file that a model asked for, in one of the three formats Baton reads. */
export type Edit =
  | { format: 'whole-file'; path: string; content: string; line: number }
  | {
      format: 'unified-diff';
      path: string;
      hunks: DiffHunk[];
      creates: boolean;
      deletes: boolean;
      line: number;
    }
  | { format: 'search-replace'; path: string; search: string; replace: string; line: number };

export type EditFormat = Edit['format'];

/** Something about a response that a person or a repair prompt should hear: a value, never a throw. */
export interface EditFinding {
  ruleId:
    | 'edit/no-usable-edit'
    | 'edit/code-block-without-path'
    | 'edit/malformed-search-replace'
    | 'edit/malformed-diff';
  message: string;
  /** 1-based line in the response. */
  line?: number;
}

export interface ParsedEdits {
  edits: Edit[];
  findings: EditFinding[];
}
