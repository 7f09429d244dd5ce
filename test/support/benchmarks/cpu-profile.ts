import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
}

/** The functions with the most self time in the newest .cpuprofile of a folder, as "share% name (file)". */
export function topSelfTime(folder: string, count = 12): string[] {
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort();
  const newest = files[files.length - 1];
  if (!newest) return [];
  const profile = JSON.parse(readFileSync(join(folder, newest), 'utf8')) as CpuProfile;
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    total += hits;
    const file = node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/');
    const name = `${node.callFrame.functionName || '(anonymous)'} (${file || 'native'})`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
  }
  return [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, hits]) => `${((hits / Math.max(total, 1)) * 100).toFixed(1)}% ${name}`);
}
