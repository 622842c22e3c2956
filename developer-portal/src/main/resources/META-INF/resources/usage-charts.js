// Draws the usage charts from the page's JSON data block (the CSP allows no inline script).
// Without JavaScript, or if the chart library did not load, the tables show the same figures.
(function () {
  var block = document.getElementById('usage-data');
  var charts = document.getElementById('charts');
  if (!block || !charts || typeof window.Chart === 'undefined') { return; }
  var data = JSON.parse(block.textContent);
  charts.hidden = false;
  function draw(id, series) {
    new Chart(document.getElementById(id), {
      type: 'bar',
      data: { labels: series.labels, datasets: [
        { label: 'requests', data: series.requests, backgroundColor: '#1f5fbf' },
        { label: '4xx', data: series.errors4xx, backgroundColor: '#d49a00' },
        { label: '5xx', data: series.errors5xx, backgroundColor: '#b3261e' }
      ] },
      options: { responsive: true, animation: false, interaction: { mode: 'index', intersect: false } }
    });
  }
  draw('chart-hourly', data.hourly);
  draw('chart-daily', data.daily);
  document.body.setAttribute('data-charts', 'drawn');
})();
