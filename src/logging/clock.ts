// Nanosecond wall-clock timestamps for log entries. Date.now() has only milliseconds, so the wall
// clock is sampled now and then and process.hrtime() supplies the nanoseconds in between. Stamps
// never go backwards, even when the wall clock is stepped back; each is strictly after the last,
// so entries of stdout and stderr keep their order when merged by time.

export type WallMs = () => number;
export type HrTime = () => [number, number];

// Re-reading the wall clock this often follows NTP adjustments without visible jumps per line.
const RESYNC_SECONDS = 10;

/** A monotonic UTC clock with nanoseconds; `tick()` sets `sec` and `nsec`. */
export class LogClock {
  sec = 0;
  nsec = 0;
  private baseSec = 0;
  private baseNsec = 0;
  private hrSec = 0;
  private hrNsec = 0;
  private lastSec = 0;
  private lastNsec = -1;

  constructor(private readonly wallMs: WallMs = Date.now, private readonly hrtime: HrTime = process.hrtime) {
    this.anchor();
  }

  /** Reads the clock into `sec` (Unix seconds) and `nsec` (0..999999999); allocates nothing but hrtime's pair. */
  tick(): void {
    const hr = this.hrtime();
    let sec: number;
    let nsec: number;
    if (hr[0] - this.hrSec >= RESYNC_SECONDS) {
      this.anchor(hr);
      sec = this.baseSec;
      nsec = this.baseNsec;
    } else {
      sec = this.baseSec + hr[0] - this.hrSec;
      nsec = this.baseNsec + hr[1] - this.hrNsec;
      if (nsec >= 1e9) { nsec -= 1e9; sec++; } else if (nsec < 0) { nsec += 1e9; sec--; }
    }
    if (sec < this.lastSec || (sec === this.lastSec && nsec <= this.lastNsec)) {
      sec = this.lastSec;
      nsec = this.lastNsec + 1;
      if (nsec >= 1e9) { nsec -= 1e9; sec++; }
    }
    this.sec = this.lastSec = sec;
    this.nsec = this.lastNsec = nsec;
  }

  private anchor(hr: [number, number] = this.hrtime()): void {
    const ms = this.wallMs();
    this.hrSec = hr[0];
    this.hrNsec = hr[1];
    this.baseSec = Math.floor(ms / 1000);
    this.baseNsec = Math.round((ms - this.baseSec * 1000) * 1e6);
  }
}
