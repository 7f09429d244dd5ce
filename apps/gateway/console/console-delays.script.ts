/**
 * The console's delay report panel: functions of the console script's closure (api, cell, t, say, $), spliced
 * into it. A report is made on request, never polled: each one is a record in the audit chain.
 */
export const DELAY_REPORT_SCRIPT = `  function delaysPath(format) {
    var to = new Date();
    var from = new Date(to.getTime() - 24 * 3600 * 1000);
    return '/v1/reports/delays?from=' + encodeURIComponent(from.toISOString()) + '&to=' +
      encodeURIComponent(to.toISOString()) + '&format=' + format;
  }

  async function loadDelays() {
    try {
      var report = await api('GET', delaysPath('json'));
      var body = document.querySelector('#delays tbody');
      body.replaceChildren();
      report.rows.forEach(function (entry) {
        var row = document.createElement('tr');
        row.dataset.partner = entry.partner;
        row.dataset.agency = entry.agency;
        row.dataset.outage = String(entry.minutes.outage);
        [entry.partner, entry.agency, entry.delivered, entry.late].forEach(function (value) { cell(row, value); });
        ['outage', 'maintenance', 'operatorHold', 'refusals', 'rateLimit', 'queueing'].forEach(function (cause) {
          cell(row, entry.minutes[cause] + ' ' + t('minutes') + ' (' + entry.lateMinutes[cause] + ')');
        });
        body.appendChild(row);
      });
      $('delays-audit').textContent = report.audit + ' · ' + report.digest.slice(0, 16);
    } catch (error) {
      say(error.message, true);
    }
  }

  async function downloadDelays() {
    try {
      var link = document.createElement('a');
      link.href = URL.createObjectURL(await api('GET', delaysPath('csv')));
      link.download = 'delay-report.csv';
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      say(error.message, true);
    }
  }
`;
