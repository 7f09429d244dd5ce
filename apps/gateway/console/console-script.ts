import { CONSOLE_LABELS } from './console-labels';
import { DELAY_REPORT_SCRIPT } from './console-delays.script';

/**
 * The console's browser script, served as a file from the gateway's own origin: the gateway's CSP allows scripts
 * from 'self' only, never inline. Plain ES2020 with no build step. It is kept as text here (not a .js file in the
 * tree) because the project's lint and compile steps treat every .js under apps/ as server code.
 *
 * The token lives in a variable only (not localStorage: a script injected later could read storage, and a closed
 * tab should end the session) and is renewed before it expires. Every value from the API is written with
 * textContent, never as HTML. Written without template literals, so it can sit inside this one.
 */
const SCRIPT_BODY = String.raw`
(function () {
  'use strict';
  var POLL_MS = 1500;
  var RENEW_MARGIN_S = 30;
  var session = null;
  var language = 'vi';
  var pollTimer = null;
  var renewTimer = null;
  var selected = new Set();

  function $(id) { return document.getElementById(id); }
  function t(key) { return (LABELS[language] && LABELS[language][key]) || key; }

  function applyLabels() {
    document.documentElement.lang = language;
    document.title = t('title');
    document.querySelectorAll('[data-label]').forEach(function (element) {
      element.textContent = t(element.getAttribute('data-label'));
    });
    document.querySelectorAll('[data-label-placeholder]').forEach(function (element) {
      element.placeholder = t(element.getAttribute('data-label-placeholder'));
    });
  }

  function say(text, isError) {
    $('status').textContent = text;
    $('status').className = isError ? 'error' : '';
  }

  function basicCredentials(id, secret) {
    // RFC 6749 §2.3.1: each half is form-urlencoded before base64 (what the gateway decodes).
    return 'Basic ' + btoa(encodeURIComponent(id) + ':' + encodeURIComponent(secret));
  }

  async function requestToken(credentials) {
    var response = await fetch('/oauth2/token', {
      method: 'POST',
      headers: {
        authorization: credentials,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'ops:read ops:write' }).toString(),
    });
    var body = await response.json().catch(function () { return {}; });
    if (!response.ok) throw new Error(body.error_description || body.error || String(response.status));
    return body;
  }

  function scheduleRenewal(expiresIn) {
    clearTimeout(renewTimer);
    var delay = Math.max(5, expiresIn - RENEW_MARGIN_S) * 1000;
    renewTimer = setTimeout(renew, delay);
  }

  async function renew() {
    if (!session) return;
    try {
      var token = await requestToken(session.credentials);
      session.token = token.access_token;
      scheduleRenewal(token.expires_in);
    } catch (error) {
      say(t('signInFailed') + ': ' + error.message, true);
      renewTimer = setTimeout(renew, 5000);
    }
  }

  async function api(method, path, body) {
    // The person goes with every request: changes and reports are audited under their name.
    var headers = { authorization: 'Bearer ' + session.token, 'x-operator-id': session.operator };
    if (body !== undefined) headers['content-type'] = 'application/json';
    var response = await fetch(path, { method: method, headers: headers, body: body && JSON.stringify(body) });
    if (response.status === 401) await renew();
    if (response.ok && (response.headers.get('content-type') || '').indexOf('text/csv') === 0) return response.blob();
    var answer = await response.json().catch(function () { return {}; });
    if (!response.ok) throw new Error(t('requestFailed') + ' ' + response.status + ': ' + (answer.detail || answer.title || ''));
    return answer;
  }

  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '–' : String(text);
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function time(iso) { return iso ? new Date(iso).toLocaleTimeString(language === 'vi' ? 'vi-VN' : 'en-GB') : '–'; }
  function counts(window) { return window ? window.success + '/' + window.failure : '–'; }

  function age(seconds) {
    if (seconds < 60) return seconds + ' ' + t('seconds');
    if (seconds < 3600) return Math.floor(seconds / 60) + ' ' + t('minutes') + ' ' + (seconds % 60) + ' ' + t('seconds');
    return Math.floor(seconds / 3600) + ' ' + t('hours') + ' ' + Math.floor((seconds % 3600) / 60) + ' ' + t('minutes');
  }

  function flag(parent, text) {
    var span = document.createElement('span');
    span.className = 'flag';
    span.textContent = text;
    parent.appendChild(span);
  }

  function renderConnectors(view) {
    var body = document.querySelector('#connectors tbody');
    body.replaceChildren();
    $('connectors-updated').textContent = time(view.generatedAt);
    if (!view.connectors.length) {
      var empty = document.createElement('tr');
      cell(empty, t('noConnectors')).colSpan = 10;
      body.appendChild(empty);
    }
    view.connectors.forEach(function (connector) {
      var row = document.createElement('tr');
      row.dataset.connector = connector.name;
      row.dataset.state = connector.state;
      row.dataset.health = connector.health;
      row.dataset.lag = String(connector.backlog ? connector.backlog.lag : 0);
      var waiting = connector.backlog ? connector.backlog.oldestWaitingSeconds : null;
      row.dataset.oldestWaiting = waiting === null || waiting === undefined ? '' : String(waiting);
      cell(row, connector.name);
      var state = cell(row, '');
      var badge = document.createElement('span');
      badge.className = 'state state-' + connector.state;
      badge.textContent = t('state.' + connector.state);
      state.appendChild(badge);
      if (connector.paused) flag(state, t('paused'));
      var shared = connector.shared;
      if (shared && shared.forced) {
        flag(state, t('forced.' + shared.forced.state) + ' (' + (shared.forced.by || '') + '): ' + (shared.forced.reason || ''));
      }
      if (shared && shared.maintenance) {
        flag(state, t('maintenance') + ' ' + time(shared.maintenance.until) + ': ' + shared.maintenance.reason);
      }
      var stale = (connector.replicas || []).filter(function (replica) { return replica.stale; });
      if (stale.length) flag(state, t('staleReplicas') + ': ' + stale.length + '/' + connector.replicas.length);
      cell(row, time(connector.since));
      cell(row, t('health.' + connector.health), 'health-' + connector.health);
      var calls = connector.calls || {};
      cell(row, [counts(calls.m1), counts(calls.m5), counts(calls.m15)].join(' · '));
      cell(row, connector.latencyMs ? connector.latencyMs.p50 + ' / ' + connector.latencyMs.p95 + ' ms' : null);
      var topics = connector.backlog ? connector.backlog.topics.filter(function (topic) { return topic.lag > 0; }) : [];
      cell(row, row.dataset.lag + (topics.length ? ' (' + topics.map(function (topic) { return topic.topic + ': ' + topic.lag; }).join(', ') + ')' : ''), 'lag');
      // A lower bound when the message was already there at the gateway's first reading: shown as such.
      var atLeast = row.dataset.oldestWaiting !== '' && connector.backlog.oldestWaitingAtLeast;
      var oldest = cell(row, row.dataset.oldestWaiting === '' ? null : (atLeast ? '≥ ' : '') + age(waiting), 'oldest-waiting');
      if (atLeast) oldest.title = t('oldestWaitingAtLeast');
      cell(row, connector.deadLetters ? connector.deadLetters.open : 0, 'dead-letters');
      cell(row, connector.lastFailure ? time(connector.lastFailure.at) + ' ' + connector.lastFailure.reason : null);
      body.appendChild(row);
    });
  }

  function renderDeadLetters(letters) {
    var body = document.querySelector('#dead-letters tbody');
    body.replaceChildren();
    var open = new Set(letters.map(function (letter) { return letter.id; }));
    selected.forEach(function (id) { if (!open.has(id)) selected.delete(id); });
    if (!letters.length) {
      var empty = document.createElement('tr');
      cell(empty, t('noDeadLetters')).colSpan = 8;
      body.appendChild(empty);
    }
    letters.forEach(function (letter) {
      var row = document.createElement('tr');
      row.dataset.letterId = letter.id;
      row.dataset.key = letter.key || '';
      var pick = document.createElement('input');
      pick.type = 'checkbox';
      pick.checked = selected.has(letter.id);
      pick.addEventListener('change', function () {
        if (pick.checked) selected.add(letter.id); else selected.delete(letter.id);
      });
      cell(row, '').appendChild(pick);
      [letter.id, letter.connector, letter.key, letter.type, letter.reasonCode + ': ' + letter.reason,
        letter.attempts, time(letter.deadLetteredAt)].forEach(function (value) { cell(row, value); });
      body.appendChild(row);
    });
  }

  async function poll() {
    if (!session) return;
    // Each list is shown on its own: one failing route does not blank the other.
    var results = await Promise.allSettled([
      api('GET', '/v1/ops/connectors').then(renderConnectors),
      api('GET', '/v1/ops/dead-letters?status=open&limit=100').then(function (answer) {
        renderDeadLetters(answer.deadLetters);
      }),
    ]);
    var problems = results.filter(function (result) { return result.status === 'rejected'; })
      .map(function (result) { return result.reason.message; });
    if (problems.length) say(problems.join(' · '), true);
    else if ($('status').className === 'error') say('');
    if (session) pollTimer = setTimeout(poll, POLL_MS);
  }

  async function act(kind) {
    var ids = Array.from(selected);
    if (!ids.length) return say(t('nothingSelected'), true);
    var reason = $('discard-reason').value.trim();
    if (kind === 'discard' && reason.length < 3) return say(t('reasonNeeded'), true);
    try {
      var answer = await api('POST', '/v1/ops/dead-letters/' + kind, kind === 'discard' ? { ids: ids, reason: reason } : { ids: ids });
      var done = kind === 'replay' ? answer.replayed : answer.discarded;
      var parts = [t(kind === 'replay' ? 'replayed' : 'discarded') + ': ' + (done || []).join(', ')];
      if (answer.notOpen && answer.notOpen.length) parts.push(t('notOpen') + ': ' + answer.notOpen.join(', '));
      if (answer.failed && answer.failed.length) parts.push(t('failed') + ': ' + answer.failed.map(function (f) { return f.id; }).join(', '));
      say(parts.join(' · ') + ' (' + answer.audit + ')');
      ids.forEach(function (id) { selected.delete(id); });
    } catch (error) {
      say(error.message, true);
    }
  }

${DELAY_REPORT_SCRIPT}
  async function signIn(event) {
    event.preventDefault();
    var credentials = basicCredentials($('client-id').value.trim(), $('client-secret').value);
    try {
      var token = await requestToken(credentials);
      session = { credentials: credentials, token: token.access_token, operator: $('operator').value.trim() };
      $('client-secret').value = '';
      scheduleRenewal(token.expires_in);
      $('sign-in').hidden = true;
      $('board').hidden = false;
      $('session').hidden = false;
      $('session-operator').textContent = session.operator;
      say('');
      poll();
    } catch (error) {
      say(t('signInFailed') + ': ' + error.message, true);
    }
  }

  function signOut() {
    session = null;
    clearTimeout(pollTimer);
    clearTimeout(renewTimer);
    $('board').hidden = true;
    $('session').hidden = true;
    $('sign-in').hidden = false;
  }

  document.addEventListener('DOMContentLoaded', function () {
    applyLabels();
    $('language').addEventListener('change', function (event) { language = event.target.value; applyLabels(); });
    $('sign-in').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', signOut);
    $('replay').addEventListener('click', function () { act('replay'); });
    $('discard').addEventListener('click', function () { act('discard'); });
    $('delays-load').addEventListener('click', loadDelays);
    $('delays-csv').addEventListener('click', downloadDelays);
  });
})();
`;

/** The script with the labels of both languages ahead of it (JSON is a JavaScript expression). */
export const CONSOLE_SCRIPT = `var LABELS = ${JSON.stringify(CONSOLE_LABELS)};\n${SCRIPT_BODY}`;
