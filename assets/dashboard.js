// The dashboard page: follows the ledger's event stream, lists new events, and refreshes the
// charts and the runs table as they arrive.
(() => {
  const status = document.getElementById('live-status');
  const list = document.getElementById('live-events');
  const pageData = JSON.parse(document.getElementById('page-data').textContent || 'null');
  const after = document.body.dataset.afterSequence || '0';
  const token = new URLSearchParams(location.search).get('token');
  const withToken = (path) =>
    token ? `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : path;

  if (pageData && pageData.kind === 'overview') window.drawBatonCharts(pageData.report);

  function describe(event) {
    const parts = [event.type];
    if (event.componentId) parts.push(event.componentId);
    if (event.attempt) parts.push(`attempt ${event.attempt}`);
    if (event.checkId) parts.push(`${event.checkId}: ${event.findings} findings`);
    if (event.outcome) parts.push(event.outcome);
    if (event.status) parts.push(event.status);
    if (event.decision) parts.push(`${event.decision} by ${event.reviewer}`);
    if (event.activity) parts.push(`${event.person} ${event.activity}`);
    return parts.join(' · ');
  }

  let refreshTimer;
  async function refresh() {
    if (pageData?.kind !== 'overview') return;
    const [report, runs] = await Promise.all([
      fetch(withToken(`/api/metrics${location.search}`)).then((response) => response.json()),
      fetch(withToken('/api/runs')).then((response) => response.json()),
    ]);
    window.drawBatonCharts(report);
    const body = document.querySelector('#runs tbody');
    if (!body) return;
    for (const run of runs) {
      const row = body.querySelector(`tr[data-run="${CSS.escape(run.id)}"]`);
      if (!row) continue;
      row.children[2].textContent = run.status;
      row.children[2].className = `status-${run.status}`;
      row.children[3].textContent = `${run.done}/${run.components}`;
      row.children[4].textContent = String(run.attempts);
      row.children[5].textContent = String(run.findings);
    }
  }

  const source = new EventSource(withToken(`/api/events/stream?after=${after}`));
  source.addEventListener('ready', () => {
    status.textContent = 'live';
  });
  source.addEventListener('ledger-event', (message) => {
    const stored = JSON.parse(message.data);
    const item = document.createElement('li');
    item.textContent = `${stored.event.at} ${describe(stored.event)}`;
    item.dataset.sequence = String(stored.sequence);
    list.prepend(item);
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, 200);
  });
  source.onerror = () => {
    status.textContent = 'reconnecting…';
  };
})();
