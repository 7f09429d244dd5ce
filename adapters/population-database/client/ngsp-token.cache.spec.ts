import { IssuedToken, NgspTokenCache } from './ngsp-token.cache';

/** An NGSP that issues token-1, token-2, … each lasting `ttl` seconds, answering when told to. */
function fakeNgsp(ttl = 3600) {
  const waiting: (() => void)[] = [];
  let issued = 0;
  const issue = (): Promise<IssuedToken> =>
    new Promise((resolve) =>
      waiting.push(() => {
        issued += 1;
        resolve({ accessToken: `token-${issued}`, expiresInSeconds: ttl });
      }),
    );
  return {
    issue,
    get issued() {
      return issued;
    },
    answerAll: () => waiting.splice(0).forEach((answer) => answer()),
  };
}

describe('NGSP token cache', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('asks NGSP once for many concurrent first callers', async () => {
    const ngsp = fakeNgsp();
    const cache = new NgspTokenCache(ngsp.issue, clock);
    const callers = Array.from({ length: 50 }, () => cache.current());
    ngsp.answerAll();
    expect(new Set(await Promise.all(callers))).toEqual(new Set(['token-1']));
    expect(ngsp.issued).toBe(1);
  });

  it('keeps the token until 80 % of expires_in, then renews it once', async () => {
    const ngsp = fakeNgsp(100);
    const cache = new NgspTokenCache(ngsp.issue, clock);
    const first = cache.current();
    ngsp.answerAll();
    await first;
    now += 79_999;
    await expect(cache.current()).resolves.toBe('token-1');
    now += 1;
    const renewed = [cache.current(), cache.current()];
    ngsp.answerAll();
    expect(await Promise.all(renewed)).toEqual(['token-2', 'token-2']);
    expect(ngsp.issued).toBe(2);
  });

  it('replaces a refused token once for every caller holding it', async () => {
    const ngsp = fakeNgsp();
    const cache = new NgspTokenCache(ngsp.issue, clock);
    const first = cache.current();
    ngsp.answerAll();
    const stale = await first;
    const replacements = Array.from({ length: 20 }, () => cache.replace(stale));
    ngsp.answerAll();
    expect(new Set(await Promise.all(replacements))).toEqual(new Set(['token-2']));
    // A caller refused later with the old token gets the new one, without another renewal.
    await expect(cache.replace(stale)).resolves.toBe('token-2');
    expect(ngsp.issued).toBe(2);
  });

  it('lets the next caller try again after a failed renewal', async () => {
    let fail = true;
    const cache = new NgspTokenCache(
      () =>
        fail
          ? Promise.reject(new Error('NGSP down'))
          : Promise.resolve({ accessToken: 't', expiresInSeconds: 60 }),
      clock,
    );
    await expect(cache.current()).rejects.toThrow('NGSP down');
    fail = false;
    await expect(cache.current()).resolves.toBe('t');
  });
});
