/**
 * The console's one page and its stylesheet. The page holds no data: the script fills it from the API with the
 * operator's token. Elements carry `data-label` (filled in the chosen language by the script) and stable ids and
 * `data-*` attributes the browser test reads, so wording can change without breaking it.
 */
export const CONSOLE_HTML = `<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>LGSP</title>
    <link rel="stylesheet" href="/console/console.css" />
    <script src="/console/console.js" defer></script>
  </head>
  <body>
    <header>
      <h1 data-label="title"></h1>
      <label><span data-label="language"></span>
        <select id="language"><option value="vi">Tiếng Việt</option><option value="en">English</option></select>
      </label>
      <span id="session" hidden><span data-label="signedInAs"></span> <b id="session-operator"></b>
        <button id="sign-out" type="button" data-label="signOut"></button></span>
    </header>
    <main>
      <form id="sign-in">
        <h2 data-label="signInTitle"></h2>
        <label><span data-label="clientId"></span><input id="client-id" autocomplete="username" required /></label>
        <label><span data-label="clientSecret"></span>
          <input id="client-secret" type="password" autocomplete="current-password" required /></label>
        <label><span data-label="operator"></span>
          <input id="operator" pattern="[A-Za-z0-9._@:\\-]{1,128}" required /></label>
        <button type="submit" data-label="signIn"></button>
      </form>
      <div id="board" hidden>
        <section>
          <h2 data-label="connectorsTitle"></h2>
          <p class="muted"><span data-label="updatedAt"></span> <span id="connectors-updated">–</span></p>
          <table id="connectors">
            <thead><tr>
              <th data-label="connector"></th><th data-label="state"></th><th data-label="since"></th>
              <th data-label="health"></th><th data-label="calls"></th><th data-label="latency"></th>
              <th data-label="backlog"></th><th data-label="oldestWaiting"></th><th data-label="deadLetters"></th>
              <th data-label="lastFailure"></th>
            </tr></thead>
            <tbody></tbody>
          </table>
        </section>
        <section>
          <h2 data-label="delaysTitle"></h2>
          <div class="actions">
            <button id="delays-load" type="button" data-label="delaysLoad"></button>
            <button id="delays-csv" type="button" data-label="delaysCsv"></button>
            <span class="muted" id="delays-audit"></span>
          </div>
          <table id="delays">
            <thead><tr>
              <th data-label="connector"></th><th data-label="agency"></th><th data-label="delivered"></th>
              <th data-label="late"></th><th data-label="cause.outage"></th><th data-label="cause.maintenance"></th>
              <th data-label="cause.operatorHold"></th><th data-label="cause.refusals"></th>
              <th data-label="cause.rateLimit"></th><th data-label="cause.queueing"></th>
            </tr></thead>
            <tbody></tbody>
          </table>
        </section>
        <section>
          <h2 data-label="deadLettersTitle"></h2>
          <div class="actions">
            <button id="replay" type="button" data-label="replay"></button>
            <input id="discard-reason" data-label-placeholder="discardReason" maxlength="500" />
            <button id="discard" type="button" data-label="discard"></button>
          </div>
          <table id="dead-letters">
            <thead><tr>
              <th data-label="select"></th><th data-label="id"></th><th data-label="connector"></th>
              <th data-label="key"></th><th data-label="type"></th><th data-label="reason"></th>
              <th data-label="attempts"></th><th data-label="deadLetteredAt"></th>
            </tr></thead>
            <tbody></tbody>
          </table>
        </section>
      </div>
      <p id="status" role="status"></p>
    </main>
  </body>
</html>
`;

export const CONSOLE_CSS = `[hidden] { display: none !important; }
body { font-family: system-ui, sans-serif; margin: 0; color: #1d2733; background: #f5f7fa; }
header { display: flex; gap: 1.5rem; align-items: center; padding: 0.6rem 1.2rem; background: #12355b; color: #fff; }
header h1 { font-size: 1.2rem; margin: 0; flex: 1; }
main { padding: 1rem 1.2rem; }
form#sign-in { display: grid; gap: 0.6rem; max-width: 24rem; }
form#sign-in label { display: grid; gap: 0.2rem; }
table { border-collapse: collapse; width: 100%; background: #fff; margin-bottom: 1.5rem; font-size: 0.9rem; }
th, td { border: 1px solid #d5dbe3; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #e8edf3; }
.state { display: inline-block; padding: 0.1rem 0.5rem; border-radius: 0.8rem; color: #fff; font-weight: 600; }
.state-closed { background: #1e8e3e; }
.state-half-open { background: #f29900; color: #1d2733; }
.state-open { background: #d93025; }
.flag { margin-left: 0.4rem; font-size: 0.8rem; color: #b06000; font-weight: 600; }
.health-healthy { color: #1e8e3e; }
.health-degraded, .health-backlogged, .health-unreported { color: #d93025; font-weight: 600; }
.muted { color: #5f6b7a; font-size: 0.85rem; }
.actions { display: flex; gap: 0.5rem; margin-bottom: 0.5rem; }
.actions input { flex: 1; max-width: 24rem; }
#status { min-height: 1.2rem; }
#status.error { color: #d93025; }
`;
