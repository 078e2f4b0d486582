/**
 * CPU used by every process of a benchmark run (this load generator, the bots, the simulator,
 * Azurite), read from /proc/<pid>/stat. On a machine with few cores they all share the same CPUs,
 * so a throughput figure only means something next to what each part cost: the sum per message
 * says how many messages per second the cores can carry at best.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports utime/stime in clock ticks; 100 per second on every mainstream kernel config. */
const TICKS_PER_SECOND = 100;

export interface ProcessCpu {
  pid: number;
  /** The command line, shortened: enough to tell the simulator, Azurite and a bot apart. */
  command: string;
  cpuMs: number;
}

function readStat(pid: number): { ppid: number; cpuMs: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { ppid, cpuMs: (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

function commandOf(pid: number): string {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const script = argv.find((a) => /\.(js|ts)$/.test(a)) ?? argv[0] ?? '?';
    return script.split('/').slice(-2).join('/');
  } catch {
    return '?';
  }
}

/** This process and all its descendants, with the CPU each has used so far; [] without /proc. */
export function processTreeCpu(root = process.pid): ProcessCpu[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return [];
  }
  const stats = new Map<number, { ppid: number; cpuMs: number }>();
  for (const pid of pids) {
    const s = readStat(pid);
    if (s) stats.set(pid, s);
  }
  const inTree = (pid: number): boolean => {
    for (
      let p: number | undefined = pid, hops = 0;
      p !== undefined && p > 1 && hops < 64;
      p = stats.get(p)?.ppid, hops++
    ) {
      if (p === root) return true;
    }
    return false;
  };
  return [...stats.entries()]
    .filter(([pid]) => inTree(pid))
    .map(([pid, s]) => ({ pid, command: commandOf(pid), cpuMs: s.cpuMs }));
}

/** CPU each process used between two snapshots (processes present in both). */
export function cpuBetween(before: ProcessCpu[], after: ProcessCpu[]): ProcessCpu[] {
  const start = new Map(before.map((p) => [p.pid, p.cpuMs]));
  return after.filter((p) => start.has(p.pid)).map((p) => ({ ...p, cpuMs: p.cpuMs - (start.get(p.pid) ?? 0) }));
}
