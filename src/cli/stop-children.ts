import { readdirSync, readFileSync } from 'node:fs';

/** Direct children of this process, read from /proc; none where there is no /proc. */
function childProcessIds(): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields start after its last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === process.pid) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

/**
 * Kills the children of this process and their process groups before an interrupted command
 * exits: sandboxed commands run in groups of their own, which a terminal's Ctrl-C does not reach.
 */
export function stopChildProcesses(): void {
  for (const pid of childProcessIds()) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // Not a group leader, or already gone.
      }
    }
  }
}
