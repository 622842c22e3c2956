// Draws the analytics charts from the page's JSON data block (the CSP allows no inline script).
// Without JavaScript, or if the chart library did not load, the tables below show the same figures.
(function () {
  var block = document.getElementById('analytics-data');
  var charts = document.getElementById('charts');
  if (!block || !charts || typeof window.Chart === 'undefined') { return; }
  var data = JSON.parse(block.textContent);
  charts.hidden = false;
  var common = { responsive: true, animation: false, interaction: { mode: 'index', intersect: false } };
  new Chart(document.getElementById('chart-traffic'), {
    type: 'bar',
    data: { labels: data.labels, datasets: [
      { label: 'requests', data: data.requests, backgroundColor: '#1f5fbf' }
    ] },
    options: common
  });
  new Chart(document.getElementById('chart-errors'), {
    type: 'line',
    data: { labels: data.labels, datasets: [
      { label: 'error rate %', data: data.errorRate, borderColor: '#b3261e', spanGaps: true }
    ] },
    options: common
  });
  new Chart(document.getElementById('chart-latency'), {
    type: 'line',
    data: { labels: data.labels, datasets: [
      { label: 'mean', data: data.avgLatencyMs, borderColor: '#1d2430', spanGaps: true },
      { label: 'p50', data: data.p50LatencyMs, borderColor: '#1e7b3a', spanGaps: true },
      { label: 'p95', data: data.p95LatencyMs, borderColor: '#8a5a00', spanGaps: true },
      { label: 'p99', data: data.p99LatencyMs, borderColor: '#b3261e', spanGaps: true }
    ] },
    options: common
  });
  document.body.setAttribute('data-charts', 'drawn');
})();
