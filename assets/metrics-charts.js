// Draws the metrics charts with Chart.js; used by the static HTML report and the dashboard.
// Expects `window.Chart` and a MetricsReport; each chart goes into the canvas with the matching id.
(() => {
  const activities = ['planning', 'prompting', 'writing', 'reviewing', 'debugging', 'communication'];
  const palette = ['#2f6fdf', '#e0823d', '#3a9d5d', '#b8487a', '#7a5cc4', '#8c8c8c'];
  const charts = new Map();

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (!canvas) return;
    charts.get(id)?.destroy();
    const chart = new window.Chart(canvas, {
      ...config,
      options: { animation: false, responsive: true, maintainAspectRatio: false, ...config.options },
    });
    charts.set(id, chart);
  }

  const percent = (share) => Math.round(share * 1000) / 10;
  // Counts are whole numbers and costs are never negative: axes say so even when every value is 0.
  const countAxis = (text) => ({
    beginAtZero: true,
    min: 0,
    ticks: { precision: 0 },
    title: { display: true, text },
  });
  const amountAxis = (text) => ({ beginAtZero: true, min: 0, title: { display: true, text } });

  window.drawBatonCharts = (report) => {
    const allocation = report.timeAllocation;
    const who = [...allocation.people, allocation.team].filter((entry) => entry.totalHours > 0);
    draw('chart-time', {
      type: 'bar',
      data: {
        labels: activities,
        datasets: [
          ...who.map((entry, index) => ({
            label: entry.who,
            data: activities.map((activity) => percent(entry.shares[activity])),
            backgroundColor: palette[index % palette.length],
          })),
          {
            label: 'traditional profile',
            data: activities.map((activity) => percent(allocation.profiles.traditional[activity])),
            backgroundColor: '#d0d0d0',
          },
          {
            label: 'orchestrator profile',
            data: activities.map((activity) => percent(allocation.profiles.orchestrator[activity])),
            backgroundColor: '#9a9a9a',
          },
        ],
      },
      options: { scales: { y: amountAxis('% of time') } },
    });
    const histogram = report.quality.attemptsPerComponent.histogram;
    draw('chart-attempts', {
      type: 'bar',
      data: {
        labels: histogram.map((bucket) => `${bucket.attempts} attempt${bucket.attempts === 1 ? '' : 's'}`),
        datasets: [
          {
            label: 'components',
            data: histogram.map((bucket) => bucket.components),
            backgroundColor: palette[0],
          },
        ],
      },
      options: { scales: { y: countAxis('components') } },
    });
    const checks = report.quality.findingsByCheck;
    draw('chart-findings', {
      type: 'bar',
      data: {
        labels: checks.map((check) => check.checkId),
        datasets: [
          { label: 'findings', data: checks.map((check) => check.count), backgroundColor: palette[1] },
        ],
      },
      options: { indexAxis: 'y', scales: { x: countAxis('findings') } },
    });
    const days = report.economics.byDay;
    draw('chart-cost', {
      type: 'line',
      data: {
        labels: days.map((day) => day.day),
        datasets: [
          {
            label: 'cost (USD)',
            data: days.map((day) => day.costUsd),
            borderColor: palette[2],
            backgroundColor: palette[2],
          },
        ],
      },
      options: { scales: { y: amountAxis('USD') } },
    });
    const components = report.productivity.components;
    draw('chart-productivity', {
      type: 'bar',
      data: {
        labels: components.map((row) => row.name),
        datasets: [
          {
            label: 'direct estimate (h)',
            data: components.map((row) => row.directEstimateHours ?? 0),
            backgroundColor: '#c7c7c7',
          },
          {
            label: 'write (h)',
            data: components.map((row) => row.writeHours),
            backgroundColor: palette[0],
            stack: 'measured',
          },
          {
            label: 'review (h)',
            data: components.map((row) => row.reviewHours),
            backgroundColor: palette[3],
            stack: 'measured',
          },
          {
            label: 'debug (h)',
            data: components.map((row) => row.debugHours),
            backgroundColor: palette[4],
            stack: 'measured',
          },
        ],
      },
      options: { scales: { y: amountAxis('hours') } },
    });
  };
})();
