import { StartedParts } from './started-parts';

describe('StartedParts', () => {
  it('stops what started, newest first, when a later part fails to start, and fails with that error', async () => {
    const stopped: string[] = [];
    const parts = new StartedParts();
    const startUp = parts.starting(() => {
      parts.add('simulators', (name) => Promise.resolve(stopped.push(name)));
      parts.add('worker', (name) => Promise.resolve(stopped.push(name)));
      return Promise.reject(new Error('Invalid configuration'));
    });
    await expect(startUp).rejects.toThrow('Invalid configuration');
    expect(stopped).toEqual(['worker', 'simulators']);
  });

  it('stops every part even when one fails to stop, and says so', async () => {
    const stopped: string[] = [];
    const parts = new StartedParts();
    parts.add('simulators', (name) => Promise.resolve(stopped.push(name)));
    parts.add('worker', () => Promise.reject(new Error('stuck')));
    await expect(parts.stopAll()).rejects.toThrow('parts of the harness failed to stop');
    expect(stopped).toEqual(['simulators']);
  });
});
