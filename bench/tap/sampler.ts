// Samples a process's resident memory (/proc/<pid>/status VmRSS) every 100 ms, and the machine's
// load average, so a benchmark can report peaks per phase beside its timings.
import fs from 'node:fs';

function vmRssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/** Fields of /proc/<pid>/stat after the command name (index 0 is field 3, the state). */
function statFields(pid: number | string): string[] {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

const ticks = (f: string[], from: number, to: number): number => {
  let sum = 0;
  for (let i = from; i <= to; i++) sum += Number(f[i]);
  return sum / 100;
};

/** CPU time (user + system, seconds) the process has used so far: a figure the machine's load does not inflate. */
export function cpuSeconds(pid: number): number {
  // utime 14 and stime 15, in clock ticks (100 per second).
  return ticks(statFields(pid), 11, 12);
}

/**
 * CPU seconds used so far by a PostgreSQL cluster: the postmaster, its live children (backends,
 * background processes) and its reaped children (cutime, cstime: backends of closed connections).
 */
export function clusterCpuSeconds(dataDir: string): number {
  const postmaster = Number(fs.readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
  let total = ticks(statFields(postmaster), 11, 14);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const f = statFields(entry);
      if (Number(f[1]) === postmaster) total += ticks(f, 11, 12);
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

export function loadAverage(): [number, number, number] {
  const [a, b, c] = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
  return [a ?? 0, b ?? 0, c ?? 0];
}

export class RssSampler {
  private peakKb = 0;
  private readonly timer: NodeJS.Timeout;
  /** One-minute load averages seen while sampling (one every 5 s). */
  readonly loads: number[] = [];
  private ticks = 0;

  constructor(readonly pid: number, intervalMs = 100) {
    this.peakKb = vmRssKb(pid);
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  private sample(): void {
    try {
      this.peakKb = Math.max(this.peakKb, vmRssKb(this.pid));
    } catch {
      // the process is gone
    }
    if (this.ticks++ % 50 === 0) this.loads.push(loadAverage()[0]);
  }

  currentMb(): number {
    return vmRssKb(this.pid) / 1024;
  }

  /** The peak since the last call, in MB; starts a new period at the current RSS. */
  takePeakMb(): number {
    this.sample();
    const peak = this.peakKb / 1024;
    this.peakKb = vmRssKb(this.pid);
    return peak;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
