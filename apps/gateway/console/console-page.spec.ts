import { Script } from 'node:vm';
import { CONSOLE_LABELS } from './console-labels';
import { CONSOLE_HTML } from './console-page';
import { CONSOLE_SCRIPT } from './console-script';

describe('the console page and its script', () => {
  it('is a script a browser can parse, with no inline handler or HTML injection of API values', () => {
    expect(() => new Script(CONSOLE_SCRIPT)).not.toThrow();
    expect(CONSOLE_SCRIPT).not.toMatch(/innerHTML|localStorage|sessionStorage|eval\(/);
    // The CSP refuses inline scripts and handlers: the page only links its script.
    expect(CONSOLE_HTML).not.toMatch(/<script>|\son[a-z]+=/);
  });

  it('has every label the page and the script name, in Vietnamese and English', () => {
    expect(Object.keys(CONSOLE_LABELS.en).sort()).toEqual(Object.keys(CONSOLE_LABELS.vi).sort());
    const named = [
      ...[...CONSOLE_HTML.matchAll(/data-label(?:-placeholder)?="([^"]+)"/g)].map((match) => match[1]),
      ...[...CONSOLE_SCRIPT.matchAll(/\bt\('([^']+)'\)/g)].map((match) => match[1]),
    ];
    const missing = named.filter((key) => !(key in CONSOLE_LABELS.vi));
    expect(missing).toEqual([]);
    for (const state of ['closed', 'half-open', 'open'])
      expect(CONSOLE_LABELS.vi).toHaveProperty([`state.${state}`]);
    for (const health of ['healthy', 'degraded', 'backlogged', 'unreported'])
      expect(CONSOLE_LABELS.en).toHaveProperty([`health.${health}`]);
  });
});
