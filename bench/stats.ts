/** Medians and ratios: the machine is shared and noisy, so only same-invocation ratios are reported. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function ratio(value: number, baseline: number): string {
  return `${(value / baseline).toFixed(2)}x`;
}

export function table(rows: Array<Record<string, string | number>>): string {
  const headers = Object.keys(rows[0]);
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => String(r[h]).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [
    line(headers),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map((r) => line(headers.map((h) => String(r[h])))),
  ].join("\n");
}

/** Peak resident memory of a process (Linux), in MB. */
export function peakRssMb(pid: number): number | undefined {
  try {
    const status = require("fs").readFileSync(`/proc/${pid}/status`, "utf8") as string;
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}
